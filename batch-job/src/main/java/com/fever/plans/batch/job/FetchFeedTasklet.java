package com.fever.plans.batch.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import com.fever.plans.batch.feed.FeedFetcher;
import com.fever.plans.batch.feed.FetchedFeed;
import com.fever.plans.batch.feed.ProviderProperties;
import com.fever.plans.batch.feed.Sha256;
import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.provider.Providers;

/**
 * Step 1: stage the provider's feed on disk and record what was staged.
 * <p>
 * On a restart, the feed staged by the failed run is reused when it is still there and
 * intact, so the import resumes over the very same bytes; when it is gone it is fetched
 * again (safe: writes are idempotent, and the import step then starts over). A feed
 * identical to the one the provider's last completed import read ends the run here with
 * exit code {@code UNCHANGED}.
 */
public class FetchFeedTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(FetchFeedTasklet.class);

	private final Providers providers;

	private final Function<ProviderProperties, FeedFetcher> fetchers;

	private final ImportRuns history;

	private final ImportProperties properties;

	/**
	 * Creates the tasklet.
	 * @param providers the providers; the run's is its {@value Providers#PARAMETER}
	 * parameter
	 * @param fetchers the fetcher of a provider's feed
	 * @param history the earlier runs ("unchanged" is checked against the provider's)
	 * @param properties the import's settings
	 */
	public FetchFeedTasklet(Providers providers, Function<ProviderProperties, FeedFetcher> fetchers, ImportRuns history,
			ImportProperties properties) {
		this.providers = providers;
		this.fetchers = fetchers;
		this.history = history;
		this.properties = properties;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		JobExecution job = contribution.getStepExecution().getJobExecution();
		ExecutionContext context = job.getExecutionContext();
		long instanceId = job.getJobInstance().getInstanceId();
		Path target = this.properties.stagingDir().resolve("feed-" + instanceId + ".xml").toAbsolutePath();

		String stagedSha = context.getString(FeedContext.SHA256, null);
		if (stagedSha != null && Files.isRegularFile(target) && stagedSha.equals(Sha256.hexOf(target))) {
			logger.info("Reusing the feed staged by the failed run: {} (sha256 {})", target, stagedSha);
			return RepeatStatus.FINISHED;
		}
		if (stagedSha != null) {
			logger.warn("The feed staged by the failed run ({}) is gone or changed: fetching again", target);
		}

		ProviderProperties provider = this.providers.of(job.getJobParameters());
		FetchedFeed feed = this.fetchers.apply(provider).fetch(target);
		context.putString(FeedContext.FILE, feed.file().toString());
		context.putInt(FeedContext.STATUS, feed.status());
		context.putLong(FeedContext.BYTES, feed.bytes());
		context.putString(FeedContext.SHA256, feed.sha256());
		context.putLong(FeedContext.DURATION_MS, feed.duration().toMillis());
		context.putInt(FeedContext.ATTEMPTS, feed.attempts());
		context.putLong(FeedContext.BASE_PLANS, feed.basePlans());
		logger.info("Fetched feed: {} bytes, {} base plans, sha256 {}, HTTP {}, {} attempt(s), {} ms", feed.bytes(),
				feed.basePlans(), feed.sha256(), feed.status(), feed.attempts(), feed.duration().toMillis());

		String lastImported = this.history.lastImportedSha256(provider.name(), instanceId);
		if (this.properties.skipUnchanged() && feed.sha256().equals(lastImported)) {
			logger.info("Feed of provider {} unchanged since its last completed import (sha256 {}): nothing to import",
					provider.name(), feed.sha256());
			contribution.setExitStatus(new ExitStatus(ImportRuns.UNCHANGED,
					"Feed sha256 " + feed.sha256() + " equals the last completed import's"));
		}
		return RepeatStatus.FINISHED;
	}

}
