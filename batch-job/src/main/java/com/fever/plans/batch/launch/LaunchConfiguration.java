package com.fever.plans.batch.launch;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.support.ExitCodeMapper;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fever.plans.batch.feed.ProviderProperties;
import com.fever.plans.batch.history.ImportHistoryReport;
import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.job.ImportProperties;
import com.fever.plans.batch.partition.PartitionWorker;
import com.fever.plans.batch.provider.Providers;
import com.fever.plans.batch.staging.StagedFeeds;

/**
 * The launcher and the command line around the job.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ CircuitBreakerProperties.class, ScheduleProperties.class, ShutdownProperties.class })
public class LaunchConfiguration {

	@Bean
	ImportLauncher importLauncher(JobOperator jobOperator, JobRepository jobRepository, Job importPlansJob,
			Providers providers, ImportRuns importRuns, DataSource dataSource, JdbcTemplate jdbcTemplate,
			ProviderCircuitBreaker providerCircuitBreaker, ImportProperties importProperties, Clock clock) {
		return new ImportLauncher(jobOperator, jobRepository, importPlansJob, providers, importRuns,
				new RunLock(dataSource), providerCircuitBreaker, new StagedFeeds(importProperties.stagingDir(),
						importProperties.stagingRetention(), jdbcTemplate, importRuns, clock));
	}

	@Bean
	ProviderCircuitBreaker providerCircuitBreaker(ImportRuns importRuns, CircuitBreakerProperties circuitBreaker,
			Clock clock) {
		return new ProviderCircuitBreaker(importRuns, circuitBreaker, clock);
	}

	@Bean
	GracefulShutdown gracefulShutdown(ImportLauncher importLauncher, ShutdownProperties shutdown) {
		return new GracefulShutdown(importLauncher, shutdown.gracePeriod());
	}

	@Bean
	ExitCodeMapper importExitCodeMapper() {
		return new ImportExitCodeMapper();
	}

	@Bean
	ImportHistoryReport importHistoryReport(ImportRuns importRuns) {
		return new ImportHistoryReport(importRuns);
	}

	/**
	 * The command line runs at start-up unless switched off (tests drive the launcher
	 * directly).
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "plans.command-line.enabled", matchIfMissing = true)
	ImportCommand importCommand(ImportLauncher importLauncher, ImportHistoryReport importHistoryReport,
			ScheduleProperties schedule, Providers providers, ExitCodeMapper importExitCodeMapper, Clock clock,
			ObjectProvider<PartitionWorker> partitionWorker) {
		PartitionWorker worker = partitionWorker.getIfAvailable();
		return new ImportCommand(importLauncher, importHistoryReport,
				new ScheduledImports(importLauncher, schedule, providerSchedules(providers, schedule), clock),
				importExitCodeMapper, System.out, (worker != null) ? worker::run : null);
	}

	/**
	 * Each provider's own schedule (its unset interval taken from the common one), or
	 * {@code null} for a provider without one, in the providers' order.
	 */
	private static Map<String, ScheduleProperties> providerSchedules(Providers providers, ScheduleProperties common) {
		Map<String, ScheduleProperties> schedules = new LinkedHashMap<>();
		for (String name : providers.names()) {
			ProviderProperties.Schedule own = providers.get(name).schedule();
			schedules.put(name, (own != null)
					? new ScheduleProperties((own.interval() != null) ? own.interval() : common.interval(), own.cron())
					: null);
		}
		return schedules;
	}

}
