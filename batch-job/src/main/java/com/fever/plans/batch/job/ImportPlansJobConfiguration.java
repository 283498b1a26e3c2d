package com.fever.plans.batch.job;

import java.time.Clock;
import java.util.Map;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.xml.StaxEventItemReader;
import org.springframework.batch.infrastructure.item.xml.builder.StaxEventItemReaderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.oxm.jaxb.Jaxb2Marshaller;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fever.plans.batch.feed.FeedFetcher;
import com.fever.plans.batch.feed.FeedValidator;
import com.fever.plans.batch.feed.ProviderProperties;
import com.fever.plans.batch.feed.SecureXml;
import com.fever.plans.batch.plan.BasePlanProcessor;
import com.fever.plans.batch.plan.BasePlanXml;
import com.fever.plans.batch.plan.ImportedBasePlan;
import com.fever.plans.batch.plan.PlanMapper;
import com.fever.plans.batch.plan.PlanUpsertWriter;

/**
 * The {@code importPlansJob}: fetch the feed to a staging file, then import it chunk by
 * chunk.
 *
 * <pre>
 * fetchFeed --UNCHANGED--> end (exit code UNCHANGED)
 *           --FAILED-----> fail
 *           --*----------> importPlans (StaxEventItemReader -> BasePlanProcessor -> PlanUpsertWriter)
 * </pre>
 *
 * The fetch step runs again on a restart (it reuses the staged file when intact); the
 * import step resumes from its last committed chunk.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ImportProperties.class, ProviderProperties.class })
public class ImportPlansJobConfiguration {

	/** The job's name in the BATCH_* tables. */
	public static final String JOB_NAME = "importPlansJob";

	/** The fetch step's name: the provider circuit breaker counts its failures. */
	public static final String FETCH_STEP = "fetchFeed";

	static final String IMPORT_STEP = "importPlans";

	static final String READER_NAME = "basePlans";

	@Bean
	Job importPlansJob(JobRepository jobRepository, Step fetchFeedStep, Step importPlansStep,
			ImportJobListener importJobListener) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.listener(importJobListener)
			.start(fetchFeedStep)
			.on(FeedContext.UNCHANGED)
			.end(FeedContext.UNCHANGED)
			.from(fetchFeedStep)
			.on("FAILED")
			.fail()
			.from(fetchFeedStep)
			.on("*")
			.to(importPlansStep)
			.end()
			.build();
	}

	@Bean
	Step fetchFeedStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			FeedFetcher feedFetcher, ImportHistoryQueries importHistoryQueries, ImportProperties properties) {
		return new StepBuilder(FETCH_STEP, jobRepository)
			.tasklet(new FetchFeedTasklet(feedFetcher, importHistoryQueries, properties), transactionManager)
			// A restart must find (or re-fetch) the staged feed before the import step
			// resumes.
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	Step importPlansStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			StaxEventItemReader<BasePlanXml> basePlanReader, BasePlanProcessor basePlanProcessor,
			PlanUpsertWriter planUpsertWriter, ImportProperties properties, Clock clock) {
		return new StepBuilder(IMPORT_STEP, jobRepository).<BasePlanXml, ImportedBasePlan>chunk(properties.chunkSize())
			.transactionManager(transactionManager)
			.reader(basePlanReader)
			.processor(basePlanProcessor)
			.writer(planUpsertWriter)
			.listener(new RestartPositionGuard(READER_NAME))
			.listener(new ImportProgressLogger(properties.progressInterval(), clock))
			.build();
	}

	@Bean
	@StepScope
	StaxEventItemReader<BasePlanXml> basePlanReader(@Value("#{jobExecutionContext['feed.file']}") String file,
			Jaxb2Marshaller planMarshaller) {
		return new StaxEventItemReaderBuilder<BasePlanXml>().name(READER_NAME)
			.resource(new FileSystemResource(file))
			.addFragmentRootElements("base_plan")
			.unmarshaller(planMarshaller)
			.xmlInputFactory(SecureXml.inputFactory())
			.strict(true)
			.build();
	}

	@Bean
	BasePlanProcessor basePlanProcessor(ProviderProperties provider, Jaxb2Marshaller planMarshaller) {
		return new BasePlanProcessor(new PlanMapper(provider.name()), planMarshaller);
	}

	@Bean
	@StepScope
	PlanUpsertWriter planUpsertWriter(@Value("#{stepExecution}") StepExecution stepExecution, JdbcTemplate jdbcTemplate,
			ProviderProperties provider, ImportProperties properties, Clock clock) {
		return new PlanUpsertWriter(jdbcTemplate, stepExecution, provider.name(), properties.seenRefresh(),
				properties.skipLimit(), clock);
	}

	@Bean
	Jaxb2Marshaller planMarshaller() {
		Jaxb2Marshaller marshaller = new Jaxb2Marshaller();
		marshaller.setClassesToBeBound(BasePlanXml.class);
		// Defaults already refuse both; stated so a change of default cannot reopen XXE.
		marshaller.setSupportDtd(false);
		marshaller.setProcessExternalEntities(false);
		// Rejected plans are stored as bare fragments, without an XML declaration.
		marshaller.setMarshallerProperties(Map.of(jakarta.xml.bind.Marshaller.JAXB_FRAGMENT, true));
		return marshaller;
	}

	@Bean
	FeedFetcher feedFetcher(ProviderProperties properties, Clock clock) {
		return new FeedFetcher(properties, new FeedValidator(), clock);
	}

	@Bean
	ImportHistoryQueries importHistoryQueries(JdbcTemplate jdbcTemplate, JobRepository jobRepository) {
		return new ImportHistoryQueries(jdbcTemplate, jobRepository);
	}

	@Bean
	DataVersionPublisher dataVersionPublisher(JdbcTemplate jdbcTemplate,
			PlatformTransactionManager transactionManager) {
		return new DataVersionPublisher(jdbcTemplate, new TransactionTemplate(transactionManager));
	}

	@Bean
	ImportJobListener importJobListener(DataVersionPublisher dataVersionPublisher, JdbcTemplate jdbcTemplate,
			ImportProperties properties) {
		return new ImportJobListener(dataVersionPublisher, jdbcTemplate, properties);
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
