package com.fever.plans.batch.feed;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterBackOffTest {

	private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();

	private final RetryAfterBackOff backOff = new RetryAfterBackOff(new FixedBackOff(20, 2), Duration.ofSeconds(60),
			this.lastFailure::get);

	@Test
	void waitsAsTheProviderAsked() {
		BackOffExecution execution = this.backOff.start();
		this.lastFailure.set(new ProviderHttpException(429, Duration.ofSeconds(7), "slow down"));

		assertThat(execution.nextBackOff()).isEqualTo(7_000);
	}

	@Test
	void capsTheProvidersWait() {
		BackOffExecution execution = this.backOff.start();
		this.lastFailure.set(new ProviderHttpException(503, Duration.ofHours(1), "maintenance"));

		assertThat(execution.nextBackOff()).isEqualTo(60_000);
	}

	@Test
	void otherwiseWaitsAsTheDelegateSays() {
		BackOffExecution execution = this.backOff.start();
		this.lastFailure.set(new ProviderHttpException(503, null, "busy"));
		assertThat(execution.nextBackOff()).isEqualTo(20);

		this.lastFailure.set(new FeedFetchException("reset", true));
		assertThat(execution.nextBackOff()).isEqualTo(20);
	}

	@Test
	void aRetryAfterStillCountsAsOneRetry() {
		BackOffExecution execution = this.backOff.start();
		this.lastFailure.set(new ProviderHttpException(429, Duration.ofSeconds(1), "slow down"));

		assertThat(execution.nextBackOff()).isEqualTo(1_000);
		assertThat(execution.nextBackOff()).isEqualTo(1_000);
		assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
	}

}
