package com.fever.plans.batch.feed;

import java.time.Duration;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.backoff.ThreadWaitSleeper;

/**
 * Waits as the provider asked with {@code Retry-After} (capped), and otherwise as the
 * delegate policy says (exponential backoff with jitter).
 */
class RetryAfterBackOffPolicy implements BackOffPolicy {

	private final BackOffPolicy delegate;

	private final Duration maxRetryAfter;

	private final Sleeper sleeper;

	RetryAfterBackOffPolicy(BackOffPolicy delegate, Duration maxRetryAfter) {
		this(delegate, maxRetryAfter, new ThreadWaitSleeper());
	}

	RetryAfterBackOffPolicy(BackOffPolicy delegate, Duration maxRetryAfter, Sleeper sleeper) {
		this.delegate = delegate;
		this.maxRetryAfter = maxRetryAfter;
		this.sleeper = sleeper;
	}

	@Override
	public BackOffContext start(RetryContext context) {
		return new Context(context, this.delegate.start(context));
	}

	@Override
	public void backOff(BackOffContext backOffContext) throws BackOffInterruptedException {
		Context context = (Context) backOffContext;
		if (context.retry.getLastThrowable() instanceof ProviderHttpException http && http.getRetryAfter() != null) {
			Duration wait = (http.getRetryAfter().compareTo(this.maxRetryAfter) > 0) ? this.maxRetryAfter
					: http.getRetryAfter();
			try {
				this.sleeper.sleep(wait.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new BackOffInterruptedException("Interrupted while honouring Retry-After", ex);
			}
			return;
		}
		this.delegate.backOff(context.delegate);
	}

	private record Context(RetryContext retry, BackOffContext delegate) implements BackOffContext {

	}

}
