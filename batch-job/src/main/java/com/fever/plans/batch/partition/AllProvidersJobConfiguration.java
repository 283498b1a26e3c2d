package com.fever.plans.batch.partition;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import com.fever.plans.batch.launch.ImportLauncher;
import com.fever.plans.batch.provider.Providers;

/**
 * The {@code importAllProviders} job: one partitioned step, one partition per provider,
 * each running that provider's {@code importPlansJob} through the {@link ImportLauncher}.
 *
 * <pre>
 * importAllProviders
 *   importProviders (partitioned: ProviderPartitioner, one per provider)
 *     importProvider:fever  -> importPlansJob {provider=fever, run.id=n}
 *     importProvider:other  -> importPlansJob {provider=other, run.id=m}
 * </pre>
 *
 * Spring Batch gives the restart semantics: a restart of the parent re-runs only the
 * partitions that did not complete, and each restarts its provider's failed run. The
 * partitions run on local threads by default; with {@code plans.partition.remote=true} on
 * worker processes over RabbitMQ ({@link RemotePartitioningConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PartitionProperties.class)
public class AllProvidersJobConfiguration {

	/** The job's name in the {@code BATCH_*} tables. */
	public static final String JOB_NAME = "importAllProviders";

	static final String MANAGER_STEP = "importProviders";

	static final String WORKER_STEP = "importProvider";

	@Bean
	Job importAllProvidersJob(JobRepository jobRepository, Step importProvidersStep, ImportLauncher importLauncher) {
		// No incrementer: the launcher gives run.id, and restarts by starting the failed
		// instance's parameters again (Spring Batch 6 ignores given parameters for a job
		// with an incrementer).
		Job job = new JobBuilder(JOB_NAME, jobRepository).start(importProvidersStep).build();
		importLauncher.setAllProvidersJob(job);
		return job;
	}

	@Bean
	Step importProviderStep(JobRepository jobRepository, ImportLauncher importLauncher) {
		return new ProviderImportStep(WORKER_STEP, jobRepository, importLauncher);
	}

	/** Partitions on threads of this process: nothing to install. */
	@Bean
	@ConditionalOnBooleanProperty(name = "plans.partition.remote", havingValue = false, matchIfMissing = true)
	Step importProvidersStep(JobRepository jobRepository, Step importProviderStep, Providers providers,
			PartitionProperties properties) {
		int threads = (properties.concurrency() > 0) ? properties.concurrency() : providers.names().size();
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("provider-partition-");
		executor.setConcurrencyLimit(threads);
		TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
		handler.setTaskExecutor(executor);
		handler.setStep(importProviderStep);
		handler.setGridSize(providers.names().size());
		return partitioned(jobRepository, importProviderStep, providers, handler);
	}

	static Step partitioned(JobRepository jobRepository, Step worker, Providers providers, PartitionHandler handler) {
		return new StepBuilder(MANAGER_STEP, jobRepository).partitioner(WORKER_STEP, new ProviderPartitioner(providers))
			.partitionHandler(handler)
			.gridSize(providers.names().size())
			.build();
	}

}
