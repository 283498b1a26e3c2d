package com.fever.plans.batch.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.FakeProviders;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three providers imported in one process by {@code importAllProviders}, one failing:
 * each provider's gauges, health and Spring Batch timers say its own outcome, tagged
 * {@code provider=<name>}; the parent job's timers are tagged {@code provider=all}.
 */
class ProvidersMonitoringTest extends ImportIntegrationTest {

	static final FakeProviders PROVIDERS = FakeProviders.named("alpha", "beta", "gamma");

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private HealthContributor lastImportHealthContributor;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		PROVIDERS.register(registry);
	}

	@BeforeEach
	void resetProviders() {
		PROVIDERS.reset();
	}

	@Test
	void eachProviderReportsItsOwnRun() {
		PROVIDERS.get("alpha").always(Answer.xml(Feeds.answer(1)));
		PROVIDERS.get("beta").always(Answer.status(503, "down"));
		PROVIDERS.get("gamma").always(Answer.xml(Feeds.answer(2)));
		assertThat(health("alpha").getStatus()).as("no run yet").isEqualTo(Status.UP);

		assertThat(this.launcher.runDefault()).isEqualTo(ImportExitCode.FAILED);

		assertThat(gauge("plans.import.last.run.failed", "alpha")).isZero();
		assertThat(gauge("plans.import.last.run.failed", "beta")).isOne();
		assertThat(gauge("plans.import.last.run.failed", "gamma")).isZero();
		assertThat(gauge("plans.import.last.success.timestamp", "alpha")).isPositive();
		assertThat(gauge("plans.import.last.success.timestamp", "beta")).isZero();
		assertThat(gauge("plans.import.last.run.items.read", "alpha")).isPositive();
		assertThat(gauge("plans.import.last.run.items.rejected", "alpha")).isPositive();
		assertThat(gauge("plans.import.last.run.items.read", "beta")).isZero();
		assertThat(gauge("plans.import.last.run.items.read", "gamma")).isPositive();

		// Spring Batch's own timers, one series per provider.
		assertThat(jobRuns("alpha", "COMPLETED")).isOne();
		assertThat(jobRuns("beta", "FAILED")).isOne();
		assertThat(jobRuns("gamma", "COMPLETED")).isOne();
		assertThat(this.registry.get("spring.batch.job")
			.tag("provider", "all")
			.tag("spring.batch.job.name", "importAllProviders")
			.timer()
			.count()).isOne();
		assertThat(this.registry.get("spring.batch.step")
			.tag("provider", "beta")
			.tag("spring.batch.step.name", "fetchFeed")
			.timer()
			.count()).isOne();
		assertThat(this.registry.get("spring.batch.item.read").tag("provider", "alpha").timer().count()).isPositive();
		assertThat(this.registry.find("spring.batch.item.read").tag("provider", "beta").timer()).as("beta read nothing")
			.isNull();

		// Health: the component is DOWN because beta's part is.
		assertThat(this.lastImportHealthContributor).isInstanceOf(CompositeHealthContributor.class);
		assertThat(health("alpha").getStatus()).isEqualTo(Status.UP);
		assertThat(health("gamma").getStatus()).isEqualTo(Status.UP);
		Health beta = health("beta");
		assertThat(beta.getStatus()).isEqualTo(Status.DOWN);
		assertThat(beta.getDetails()).containsEntry("status", "FAILED").doesNotContainKey("lastSuccess");

		// A second run of beta only changes beta's series.
		double alphaSuccess = gauge("plans.import.last.success.timestamp", "alpha");
		PROVIDERS.get("beta").always(Answer.xml(Feeds.answer(3)));
		assertThat(this.launcher.runOnce("beta")).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		assertThat(gauge("plans.import.last.run.failed", "beta")).isZero();
		assertThat(gauge("plans.import.last.success.timestamp", "beta")).isPositive();
		assertThat(gauge("plans.import.last.success.timestamp", "alpha")).isEqualTo(alphaSuccess);
		assertThat(health("beta").getStatus()).isEqualTo(Status.UP);
	}

	private double gauge(String name, String provider) {
		return this.registry.get(name).tag("provider", provider).gauge().value();
	}

	private long jobRuns(String provider, String status) {
		return this.registry.get("spring.batch.job")
			.tag("provider", provider)
			.tag("spring.batch.job.name", "importPlansJob")
			.tag("spring.batch.job.status", status)
			.timer()
			.count();
	}

	private Health health(String provider) {
		HealthContributor part = ((CompositeHealthContributor) this.lastImportHealthContributor)
			.getContributor(provider);
		return ((HealthIndicator) part).health(true);
	}

}
