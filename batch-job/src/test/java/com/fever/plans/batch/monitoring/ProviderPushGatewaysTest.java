package com.fever.plans.batch.monitoring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider's Pushgateway group holds its series only, of every meter type Micrometer
 * gives Prometheus.
 */
class ProviderPushGatewaysTest {

	@Test
	void aGroupHoldsOnlyItsProvidersSeriesOfEveryType() throws IOException {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		for (String provider : new String[] { "alpha", "beta" }) {
			Counter.builder("runs").tag("provider", provider).register(registry).increment();
			Gauge.builder("failed", () -> 1).tag("provider", provider).register(registry);
			Timer.builder("job").tag("provider", provider).register(registry).record(Duration.ofSeconds(2));
			Timer.builder("step")
				.tag("provider", provider)
				.publishPercentileHistogram()
				.register(registry)
				.record(Duration.ofMillis(5));
			LongTaskTimer.builder("active").tag("provider", provider).register(registry);
			DistributionSummary.builder("items").tag("provider", provider).register(registry).record(3);
		}
		Gauge.builder("jvm.threads", () -> 12).register(registry);

		String alpha = text(ProviderPushGateways.only(registry.getPrometheusRegistry().scrape(), "alpha"));

		assertThat(alpha)
			.contains("runs_total{provider=\"alpha\"} 1", "failed{provider=\"alpha\"} 1",
					"job_seconds_count{provider=\"alpha\"} 1", "step_seconds_bucket{provider=\"alpha\",le=",
					"active_seconds_count{provider=\"alpha\"} 0", "items_count{provider=\"alpha\"} 1")
			.doesNotContain("beta")
			.doesNotContain("jvm_threads");
		assertThat(text(ProviderPushGateways.only(registry.getPrometheusRegistry().scrape(), "gamma")))
			.as("nothing of a provider without series")
			.isEmpty();
	}

	private static String text(MetricSnapshots snapshots) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PrometheusTextFormatWriter.create().write(out, snapshots);
		return out.toString(StandardCharsets.UTF_8);
	}

}
