package com.fever.plans.batch.monitoring;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.launch.ProviderCircuitBreaker;
import com.fever.plans.batch.provider.Providers;

/**
 * The import's monitoring, per provider: its own gauges and health, the provider tag on
 * Spring Batch's metrics, and the Pushgateway groups. Spring Batch's metrics (jobs,
 * steps, item reads, processing, chunk writes) are recorded by Boot's batch observation
 * auto-configuration, which gives every job and step Actuator's
 * {@code ObservationRegistry}; that registry applies the
 * {@link ProviderObservationConvention} bean.
 */
@Configuration(proxyBeanMethods = false)
public class MonitoringConfiguration {

	@Bean
	ImportMonitor importMonitor(ImportRuns importRuns, Job importPlansJob,
			ProviderCircuitBreaker providerCircuitBreaker, Providers providers, Clock clock) {
		ImportMonitor monitor = new ImportMonitor(importRuns, providers.names(), providerCircuitBreaker::openUntil,
				clock);
		if (importPlansJob instanceof AbstractJob job) {
			job.registerJobExecutionListener(monitor);
		}
		return monitor;
	}

	@Bean
	ProviderObservationConvention providerObservationConvention(Providers providers) {
		return new ProviderObservationConvention(providers);
	}

	/**
	 * Health component {@code lastImport}: one part per provider, named after it; the
	 * component is {@code DOWN} when any provider's is (Boot's status aggregation).
	 */
	@Bean
	HealthContributor lastImportHealthContributor(ImportMonitor importMonitor) {
		Map<String, LastImportHealthIndicator> indicators = new LinkedHashMap<>();
		importMonitor.providers()
			.forEach((provider) -> indicators.put(provider, new LastImportHealthIndicator(importMonitor, provider)));
		return CompositeHealthContributor.fromMap(indicators);
	}

	/**
	 * One Pushgateway group per provider imported, when a Pushgateway is configured
	 * ({@link MonitoringEnvironment} switches this on instead of Boot's single group).
	 */
	@Bean
	@ConditionalOnBooleanProperty(MonitoringEnvironment.PUSH_PER_PROVIDER)
	ProviderPushGateways providerPushGateways(PrometheusRegistry prometheusRegistry,
			PrometheusProperties prometheusProperties, Environment environment, ImportRuns importRuns,
			Job importPlansJob) {
		ProviderPushGateways pushes = new ProviderPushGateways(prometheusRegistry,
				prometheusProperties.getPushgateway(), environment.getProperty("spring.application.name"), importRuns);
		if (importPlansJob instanceof AbstractJob job) {
			job.registerJobExecutionListener(pushes);
		}
		return pushes;
	}

}
