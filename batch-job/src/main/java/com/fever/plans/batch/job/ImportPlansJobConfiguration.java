package com.fever.plans.batch.job;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.async.AsyncItemProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fever.plans.batch.feed.FeedFetcher;
import com.fever.plans.batch.feed.FeedValidator;
import com.fever.plans.batch.feed.ProviderProperties;
import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.feed.SecureXml;
import com.fever.plans.batch.plan.BasePlanProcessor;
import com.fever.plans.batch.plan.BasePlanReader;
import com.fever.plans.batch.plan.BasePlanUnmarshaller;
import com.fever.plans.batch.plan.BasePlanXml;
import com.fever.plans.batch.plan.ImportedBasePlan;
import com.fever.plans.batch.plan.PlanMapper;
import com.fever.plans.batch.plan.StagedPlansMerge;
import com.fever.plans.batch.plan.StagingCopyWriter;
import com.fever.plans.batch.plan.StagingSpace;
import com.fever.plans.batch.provider.Providers;

/**
 * The {@code importPlansJob}: fetch the feed to a staging file (checked while it
 * streams), load it into the {@code import_staging} table chunk by chunk, then merge the
 * whole run into {@code events} in one transaction.
 *
 * <pre>
 * fetchFeed --UNCHANGED--> end (exit code UNCHANGED)
 *           --FAILED-----> fail
 *           --*----------> staging? --LOAD----> importPlans (BasePlanReader -> BasePlanProcessor -> StagingCopyWriter)
 *                                                  -> mergePlans (INSERT ... ON CONFLICT + data_version + NOTIFY, one transaction)
 *                                   --LOADED--> mergePlans (a restart after the load completed)
 * </pre>
 *
 * The fetch step runs again on a restart (it reuses the staged file when intact); the
 * load step resumes from its last committed chunk, or starts over when its staged rows
 * are gone; the merge runs whole or not at all.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ImportProperties.class, ProviderProperties.class })
public class ImportPlansJobConfiguration {

	/** The job's name in the BATCH_* tables. */
	public static final String JOB_NAME = ImportRuns.JOB_NAME;

	/** The fetch step's name: the provider circuit breaker counts its failures. */
	public static final String FETCH_STEP = ImportRuns.FETCH_STEP;

	static final String IMPORT_STEP = "importPlans";

	static final String MERGE_STEP = "mergePlans";

	static final String READER_NAME = "basePlans";

	@Bean
	Job importPlansJob(JobRepository jobRepository, Step fetchFeedStep, Step importPlansStep, Step mergePlansStep,
			StagedPlansMerge stagedPlansMerge, ImportJobListener importJobListener) {
		StagingDecider staging = new StagingDecider(jobRepository, stagedPlansMerge, IMPORT_STEP);
		// No incrementer: the launcher names each instance (provider + run.id), and
		// Spring
		// Batch 6 ignores given parameters for a job that has one.
		return new JobBuilder(JOB_NAME, jobRepository).listener(importJobListener)
			.start(fetchFeedStep)
			.on(ImportRuns.UNCHANGED)
			.end(ImportRuns.UNCHANGED)
			.from(fetchFeedStep)
			.on("FAILED")
			.fail()
			.from(fetchFeedStep)
			.on("*")
			.to(staging)
			.on(StagingDecider.LOADED)
			.to(mergePlansStep)
			.from(staging)
			.on("*")
			.to(importPlansStep)
			.next(mergePlansStep)
			.end()
			.build();
	}

	@Bean
	Step fetchFeedStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, Providers providers,
			ImportRuns importRuns, ImportProperties properties, Clock clock) {
		return new StepBuilder(FETCH_STEP, jobRepository)
			.tasklet(new FetchFeedTasklet(providers,
					(provider) -> new FeedFetcher(provider, new FeedValidator(), clock), importRuns, properties),
					transactionManager)
			// A restart must find (or re-fetch) the staged feed before the import step
			// resumes.
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	Step importPlansStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			BasePlanReader basePlanReader, BasePlanProcessor basePlanProcessor, StagingCopyWriter stagingCopyWriter,
			StagedPlansMerge stagedPlansMerge, JdbcTemplate jdbcTemplate, ImportProperties properties, Clock clock) {
		var step = new StepBuilder(IMPORT_STEP, jobRepository)
			.<BasePlanXml, Future<ImportedBasePlan>>chunk(properties.chunkSize())
			.transactionManager(transactionManager)
			.reader(basePlanReader)
			.processor(asyncProcessor(basePlanProcessor, properties.processingThreads()))
			.writer(stagingCopyWriter)
			.listener(new StagingGuard(READER_NAME, stagedPlansMerge, jdbcTemplate, properties))
			// Runs again after a completed load only when the staging decider found
			// its rows gone (the guard then starts over).
			.allowStartIfComplete(true)
			.listener(new ImportProgressLogger(properties.progressInterval(), clock));
		return step.build();
	}

	/**
	 * Maps base plans on their own thread(s) while the step's thread writes the ones
	 * already mapped into the COPY (spring-batch-integration's AsyncItemProcessor; the
	 * writer takes the futures in feed order).
	 */
	private static AsyncItemProcessor<BasePlanXml, ImportedBasePlan> asyncProcessor(BasePlanProcessor processor,
			int threads) {
		AsyncItemProcessor<BasePlanXml, ImportedBasePlan> async = new AsyncItemProcessor<>(processor);
		async.setTaskExecutor(mappingExecutor(threads));
		return async;
	}

	private static AsyncTaskExecutor mappingExecutor(int threads) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setThreadNamePrefix("plan-mapping-");
		executor.setDaemon(true);
		executor.initialize();
		return executor;
	}

	@Bean
	Step mergePlansStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			StagedPlansMerge stagedPlansMerge, DataVersionPublisher dataVersionPublisher) {
		return new StepBuilder(MERGE_STEP, jobRepository)
			.tasklet(new MergeStagingTasklet(stagedPlansMerge, dataVersionPublisher), transactionManager)
			.build();
	}

	@Bean
	StagedPlansMerge stagedPlansMerge(JdbcTemplate jdbcTemplate, ImportProperties properties) {
		return new StagedPlansMerge(jdbcTemplate, properties.seenRefresh());
	}

	@Bean
	@StepScope
	BasePlanReader basePlanReader(@Value("#{jobExecutionContext['feed.file']}") String file) {
		return new BasePlanReader(READER_NAME, Path.of(file), SecureXml.inputFactory(), new BasePlanUnmarshaller());
	}

	/** Step-scoped: the provider (part of every plan's identity) is the run's. */
	@Bean
	@StepScope
	BasePlanProcessor basePlanProcessor(@Value("#{stepExecution}") StepExecution stepExecution, Providers providers) {
		return new BasePlanProcessor(new PlanMapper(providers.of(stepExecution.getJobParameters()).name()));
	}

	@Bean
	@StepScope
	StagingCopyWriter stagingCopyWriter(@Value("#{stepExecution}") StepExecution stepExecution, DataSource dataSource,
			Providers providers, ImportProperties properties) {
		return new StagingCopyWriter(dataSource, stepExecution, providers.of(stepExecution.getJobParameters()).name(),
				properties.skipLimit());
	}

	@Bean
	ImportRuns importRuns(JdbcTemplate jdbcTemplate, JobRepository jobRepository, Providers providers) {
		return new ImportRuns(jdbcTemplate, jobRepository, providers);
	}

	@Bean
	DataVersionPublisher dataVersionPublisher(JdbcTemplate jdbcTemplate,
			PlatformTransactionManager transactionManager) {
		return new DataVersionPublisher(jdbcTemplate, new TransactionTemplate(transactionManager));
	}

	@Bean
	ImportJobListener importJobListener(JdbcTemplate jdbcTemplate, ImportProperties properties,
			PlatformTransactionManager transactionManager) {
		return new ImportJobListener(jdbcTemplate, properties,
				new StagingSpace(jdbcTemplate, new TransactionTemplate(transactionManager)));
	}

	/**
	 * Execution contexts as JSON rather than Java serialization, so operators can read a
	 * run's feed details with SQL on {@code BATCH_JOB_EXECUTION_CONTEXT}.
	 */
	@Bean
	ExecutionContextSerializer executionContextSerializer() {
		return new JacksonExecutionContextStringSerializer();
	}

}
