package com.fever.plans.batch.launch;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;
import com.fever.plans.batch.support.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After N consecutive failed fetches, launches skip the provider until the cool-down has
 * passed, then try once: a success closes the circuit, a failure opens it again.
 */
@TestPropertySource(properties = { "plans.circuit-breaker.enabled=true", "plans.circuit-breaker.failure-threshold=2",
		"plans.circuit-breaker.cool-down=1h", "plans.provider.retry.max-attempts=1" })
class CircuitBreakerTest extends ImportIntegrationTest {

	@Autowired
	private MovableClock clock;

	@BeforeEach
	void resetClock() {
		this.clock.reset();
	}

	/**
	 * The launcher's clock, moved forward by the test instead of waiting out the
	 * cool-down (Spring Batch's own timestamps stay real, so it is put back after each
	 * move).
	 */
	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

	@Test
	void repeatedFailedFetchesOpenTheCircuitUntilTheCoolDownPasses() {
		provider.always(Answer.status(503, "down"));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		assertThat(provider.requests()).isEqualTo(2);

		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.CIRCUIT_OPEN);
		assertThat(provider.requests()).isEqualTo(2);

		// Half-open after the cool-down: one try, which fails and opens the circuit
		// again.
		this.clock.advance(Duration.ofMinutes(61));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		assertThat(provider.requests()).isEqualTo(3);
		// Back to real time: the failure just recorded is fresh again.
		this.clock.reset();
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.CIRCUIT_OPEN);

		// After the next cool-down the provider is back: the try succeeds and closes the
		// circuit.
		this.clock.advance(Duration.ofMinutes(61));
		provider.always(Answer.xml(Feeds.answer(3)));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		provider.always(Answer.status(503, "down"));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		assertThat(provider.requests()).isEqualTo(5);
	}

	@Test
	void anOperatorRestartIsNotHeldBackByTheCircuit() {
		provider.always(Answer.status(503, "down"));
		this.launcher.runOnce();
		this.launcher.runOnce();
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.CIRCUIT_OPEN);

		provider.always(Answer.xml(Feeds.answer(3)));
		assertThat(this.launcher.restart(null)).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
	}

	@Test
	void aFullStagingDiskDoesNotOpenTheProviderCircuit() throws Exception {
		java.nio.file.Path full = java.nio.file.Path.of("/dev/full");
		org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isWritable(full), "needs Linux's /dev/full");
		provider.always(Answer.xml(Feeds.answer(3)));
		for (int run = 0; run < 2; run++) {
			long nextInstance = this.jdbc.queryForObject("SELECT nextval('BATCH_JOB_INSTANCE_SEQ')", Long.class) + 1;
			java.nio.file.Files.createSymbolicLink(stagingDir().resolve("feed-" + nextInstance + ".xml.part"), full);
			assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		}
		assertThat(provider.requests()).isEqualTo(2);

		// Two failed fetches, the threshold, yet the provider is called: it was not at
		// fault.
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		assertThat(provider.requests()).isEqualTo(3);
	}

}
