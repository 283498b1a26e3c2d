package com.fever.plans.batch.monitoring;

import java.time.Clock;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fever.plans.batch.launch.ProviderCircuitBreaker;
import com.fever.plans.batch.provider.Providers;

/**
 * The import's own gauges and health. Spring Batch's metrics (jobs, steps, item reads,
 * processing, chunk writes) need nothing here: Boot's batch observation
 * auto-configuration gives every job and step bean Actuator's
 * {@code ObservationRegistry}, whose meter handler records them in the Prometheus
 * registry.
 */
@Configuration(proxyBeanMethods = false)
public class MonitoringConfiguration {

	@Bean
	ImportMonitor importMonitor(JdbcTemplate jdbcTemplate, Job importPlansJob,
			ProviderCircuitBreaker providerCircuitBreaker, Providers providers, Clock clock) {
		// The circuit gauge follows the first provider: the one metrics' provider tag
		// names (plans.provider.name).
		ImportMonitor monitor = new ImportMonitor(jdbcTemplate, importPlansJob.getName(),
				() -> providerCircuitBreaker.openUntil(providers.first().name()), clock);
		if (importPlansJob instanceof AbstractJob job) {
			job.registerJobExecutionListener(monitor);
		}
		return monitor;
	}

	@Bean
	LastImportHealthIndicator lastImportHealthIndicator(ImportMonitor importMonitor) {
		return new LastImportHealthIndicator(importMonitor);
	}

}
