package com.fever.plans.batch.feed;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Waits as the provider asked with {@code Retry-After} (capped), and otherwise as the
 * delegate says (exponential backoff with jitter). The delegate also decides when to stop
 * (the attempt limit), so an honoured {@code Retry-After} still counts as one retry.
 * <p>
 * Spring's {@link BackOff} does not see the failure it backs off from, so the fetch hands
 * over its last failure through {@code lastFailure}.
 */
class RetryAfterBackOff implements BackOff {

	private final BackOff delegate;

	private final Duration maxRetryAfter;

	private final Supplier<@Nullable Throwable> lastFailure;

	RetryAfterBackOff(BackOff delegate, Duration maxRetryAfter, Supplier<@Nullable Throwable> lastFailure) {
		this.delegate = delegate;
		this.maxRetryAfter = maxRetryAfter;
		this.lastFailure = lastFailure;
	}

	@Override
	public BackOffExecution start() {
		BackOffExecution execution = this.delegate.start();
		return () -> {
			long backOff = execution.nextBackOff();
			if (backOff != BackOffExecution.STOP && this.lastFailure.get() instanceof ProviderHttpException http
					&& http.getRetryAfter() != null) {
				Duration asked = http.getRetryAfter();
				return ((asked.compareTo(this.maxRetryAfter) > 0) ? this.maxRetryAfter : asked).toMillis();
			}
			return backOff;
		};
	}

}
