package com.fever.plans.batch.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.test.context.TestPropertySource;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.provider.Providers;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import's gauges and health through a sequence of real runs: a completed import with
 * rejects, failed fetches that open the provider circuit, and the state a fresh read of
 * the batch tables gives (what a new process reports).
 */
@TestPropertySource(properties = { "plans.circuit-breaker.enabled=true", "plans.circuit-breaker.failure-threshold=2",
		"plans.circuit-breaker.cool-down=1h", "plans.provider.retry.max-attempts=1" })
class ImportMonitorTest extends ImportIntegrationTest {

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ImportMonitor monitor;

	@Autowired
	private HealthContributor lastImportHealthContributor;

	@Autowired
	private Providers providers;

	@Test
	void theGaugesAndTheHealthFollowTheRuns() {
		assertThat(this.monitor.refresh(provider()).executionId()).isNull();
		assertThat(gauge("plans.import.last.success.timestamp")).isZero();
		assertThat(health().getStatus()).isEqualTo(Status.UP);

		assertThat(importFeed(Feeds.answer(1))).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		long rejected = this.jdbc.queryForObject(
				"SELECT sum(READ_SKIP_COUNT + PROCESS_SKIP_COUNT + WRITE_SKIP_COUNT) FROM BATCH_STEP_EXECUTION",
				Long.class);
		assertThat(rejected).isPositive();
		assertThat(gauge("plans.import.last.run.failed")).isZero();
		assertThat(gauge("plans.import.last.run.items.rejected")).isEqualTo(rejected);
		assertThat(gauge("plans.import.last.run.items.read")).isPositive();
		double success = gauge("plans.import.last.success.timestamp");
		assertThat(success).isPositive();
		assertThat(gauge("plans.import.circuit.open")).isZero();

		provider.always(Answer.status(503, "down"));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		assertThat(gauge("plans.import.last.run.failed")).isEqualTo(1);
		assertThat(gauge("plans.import.last.success.timestamp")).as("the last success stays").isEqualTo(success);
		assertThat(gauge("plans.import.circuit.open")).isZero();
		Health down = health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("status", "FAILED").containsKey("lastSuccess");

		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		assertThat(gauge("plans.import.circuit.open")).as("two failed fetches open the circuit").isEqualTo(1);
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.CIRCUIT_OPEN);
		assertThat(health().getDetails()).containsKey("circuitOpenUntil");

		// What a new process reads from the batch tables equals what this one followed.
		LastImport followed = this.monitor.last(provider());
		LastImport read = this.monitor.refresh(provider());
		assertThat(read.executionId()).isEqualTo(followed.executionId());
		assertThat(read.status()).isEqualTo("FAILED");
		assertThat(read.lastSuccess().toEpochMilli() / 1000.0).isEqualTo(success,
				org.assertj.core.data.Offset.offset(0.001));
	}

	private String provider() {
		return this.providers.first().name();
	}

	private Health health() {
		HealthContributor part = ((CompositeHealthContributor) this.lastImportHealthContributor)
			.getContributor(provider());
		return ((HealthIndicator) part).health(true);
	}

	private double gauge(String name) {
		return this.registry.get(name).tag("provider", provider()).gauge().value();
	}

}
