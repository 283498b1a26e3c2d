package com.fever.plans.batch.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import com.fever.plans.batch.plan.BasePlanReader;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.batch.test.StepScopeTestUtils;
import org.springframework.beans.factory.annotation.Autowired;

import com.fever.plans.batch.feed.FeedValidator;
import com.fever.plans.batch.feed.Sha256;
import com.fever.plans.batch.plan.BasePlanXml;
import com.fever.plans.batch.plan.StagedPlansMerge;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.FakeProvider;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's parts one at a time, with spring-batch-test's utilities, beside the
 * end-to-end tests: a step run alone ({@link JobOperatorTestUtils#startStep}), the
 * step-scoped reader ({@link StepScopeTestUtils}) and the staging listener on a made-up
 * {@link StepExecution} ({@link MetaDataInstanceFactory}).
 */
class ImportStepsTest extends ImportIntegrationTest {

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	private Job importPlansJob;

	@Autowired
	private BasePlanReader basePlanReader;

	@Autowired
	private StagedPlansMerge stagedPlansMerge;

	@Autowired
	private ImportProperties importProperties;

	private JobOperatorTestUtils steps;

	@BeforeEach
	void steps() {
		this.steps = new JobOperatorTestUtils(this.jobOperator, this.jobRepository);
		this.steps.setJob(this.importPlansJob);
	}

	@Test
	void theFetchStepStagesTheFeedAndRecordsWhatItStaged() throws Exception {
		byte[] feed = Feeds.answer(1);
		provider.enqueue(FakeProvider.Answer.xml(feed));

		JobExecution execution = this.steps.startStep(ImportPlansJobConfiguration.FETCH_STEP);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		ExecutionContext context = execution.getExecutionContext();
		Path staged = Path.of(context.getString(FeedContext.FILE));
		assertThat(staged).hasBinaryContent(feed);
		assertThat(context.getString(FeedContext.SHA256)).isEqualTo(Sha256.hexOf(staged));
		assertThat(context.getLong(FeedContext.BASE_PLANS)).isEqualTo(basePlansIn(feed));
		assertThat(provider.requests()).isOne();
		// A run of the step alone has no job listener to remove what it staged.
		Files.delete(staged);
	}

	@Test
	void theReaderReadsEveryBasePlanOfTheStagedFeed(@TempDir Path folder) throws Exception {
		// Not in the staging directory, which the other tests expect to hold only runs'
		// feeds.
		byte[] feed = Feeds.answer(2);
		Path file = Files.write(folder.resolve("feed.xml"), feed);
		StepExecution stepExecution = MetaDataInstanceFactory.createStepExecution();
		stepExecution.getJobExecution().getExecutionContext().putString(FeedContext.FILE, file.toString());

		List<String> basePlanIds = StepScopeTestUtils.doInStepScope(stepExecution, () -> {
			this.basePlanReader.open(new ExecutionContext());
			try {
				List<String> ids = new ArrayList<>();
				for (BasePlanXml basePlan; (basePlan = this.basePlanReader.read()) != null;) {
					ids.add(basePlan.getBasePlanId());
				}
				return ids;
			}
			finally {
				this.basePlanReader.close();
			}
		});

		assertThat(basePlanIds).hasSize((int) basePlansIn(feed)).doesNotHaveDuplicates().doesNotContainNull();
	}

	@Test
	void theStagingGuardKeepsTheReadersPositionOnlyForTheSameFeed() {
		StagingGuard guard = new StagingGuard(ImportPlansJobConfiguration.READER_NAME, this.stagedPlansMerge, this.jdbc,
				this.importProperties);

		StepExecution sameFeed = resumedLoad("sha-a", "sha-a");
		guard.beforeStep(sameFeed);
		assertThat(sameFeed.getExecutionContext().containsKey(readerPosition())).isTrue();

		StepExecution otherFeed = resumedLoad("sha-a", "sha-b");
		guard.beforeStep(otherFeed);
		assertThat(otherFeed.getExecutionContext().containsKey(readerPosition())).isFalse();
		assertThat(otherFeed.getExecutionContext().getString(StagingGuard.IMPORTING_SHA256)).isEqualTo("sha-b");

		StepExecution firstRun = MetaDataInstanceFactory.createStepExecution();
		firstRun.getJobExecution().getExecutionContext().putString(FeedContext.SHA256, "sha-c");
		guard.beforeStep(firstRun);
		assertThat(firstRun.getExecutionContext().getString(StagingGuard.IMPORTING_SHA256)).isEqualTo("sha-c");
	}

	/**
	 * A restarted load step whose failed run read {@code loadedSha} and committed one
	 * chunk of nothing staged, now over a feed of {@code feedSha}.
	 */
	private static StepExecution resumedLoad(String loadedSha, String feedSha) {
		StepExecution stepExecution = MetaDataInstanceFactory.createStepExecution();
		stepExecution.getJobExecution().getExecutionContext().putString(FeedContext.SHA256, feedSha);
		ExecutionContext context = stepExecution.getExecutionContext();
		context.putString(StagingGuard.IMPORTING_SHA256, loadedSha);
		context.putLong(readerPosition(), 2);
		return stepExecution;
	}

	private static String readerPosition() {
		return ImportPlansJobConfiguration.READER_NAME + ".read.count";
	}

	private static long basePlansIn(byte[] feed) {
		FeedValidator.Check check = new FeedValidator().start();
		check.feed(feed, 0, feed.length);
		return check.finish();
	}

}
