package com.fever.plans.batch.job;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fever.plans.batch.plan.StagedPlansMerge;
import com.fever.plans.batch.plan.StagingCopyWriter;

/**
 * Makes the load step resume from its last committed chunk only when that is exact, and
 * otherwise load the run again from the start of the staged feed:
 * <ul>
 * <li>the reader's position is a count of fragments: applied to a different file it would
 * silently skip plans, so a feed that had to be fetched again and differs starts
 * over;</li>
 * <li>{@code import_staging} is unlogged: PostgreSQL's crash recovery empties it, so when
 * the rows staged do not match what the committed chunks recorded, the load starts
 * over;</li>
 * <li>unchanged plans are staged without content, compared with {@code events} as it was:
 * when another run of the provider merged since, the load starts over.</li>
 * </ul>
 * Starting over removes the run's staged rows and rejects first, so nothing is counted
 * twice. It also drops what failed runs left in staging longer ago than the retention.
 */
public class StagingGuard implements StepExecutionListener {

	static final String IMPORTING_SHA256 = "import.feed-sha256";

	private static final Logger logger = LoggerFactory.getLogger(StagingGuard.class);

	private final String readerName;

	private final StagedPlansMerge staging;

	private final JdbcTemplate jdbc;

	private final ImportProperties properties;

	public StagingGuard(String readerName, StagedPlansMerge staging, JdbcTemplate jdbc, ImportProperties properties) {
		this.readerName = readerName;
		this.staging = staging;
		this.jdbc = jdbc;
		this.properties = properties;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		ExecutionContext context = stepExecution.getExecutionContext();
		long instanceId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
		String feed = stepExecution.getJobExecution().getExecutionContext().getString(FeedContext.SHA256);
		String resumed = context.getString(IMPORTING_SHA256, null);
		long recorded = context.getLong(StagingCopyWriter.PLANS_STAGED, 0L);
		long staged = this.staging.staged(instanceId);
		if (resumed == null) {
			startOver(context, instanceId, null);
		}
		else if (!resumed.equals(feed)) {
			startOver(context, instanceId, "the feed changed since the failed run (sha256 " + resumed + " -> " + feed
					+ "): loading it from the start");
		}
		else if (staged != recorded) {
			startOver(context, instanceId, "import_staging holds " + staged + " rows of this run where its committed"
					+ " chunks staged " + recorded
					+ " (crash recovery empties the unlogged staging table): loading the feed again from the start");
		}
		else if (this.staging.stale(instanceId) > 0) {
			startOver(context, instanceId, "another run of the provider changed events since this run staged its"
					+ " unchanged plans without content: loading the feed again from the start");
		}
		else {
			logger.info("Resuming the load after {} staged plans", recorded);
		}
		context.putString(IMPORTING_SHA256, feed);
		dropExpired(instanceId);
	}

	/**
	 * Forgets the reader's position and the run's staged rows and rejects.
	 * @param reason why a resumed load starts over, or {@code null} on a first run
	 */
	private void startOver(ExecutionContext context, long instanceId, @Nullable String reason) {
		if (reason != null) {
			logger.warn("Import run (instance {}): {}", instanceId, reason);
		}
		List<String> position = context.entrySet()
			.stream()
			.map(Map.Entry::getKey)
			.filter((key) -> key.startsWith(this.readerName + ".") || key.startsWith("plans."))
			.toList();
		position.forEach(context::remove);
		this.staging.clear(instanceId);
		this.jdbc.update("DELETE FROM import_rejects WHERE job_instance_id = ?", instanceId);
	}

	/** Staged rows of other runs that failed longer ago than the retention. */
	private void dropExpired(long instanceId) {
		int dropped = this.jdbc.update("""
				DELETE FROM import_staging s
				WHERE s.job_instance_id <> ?
				  AND NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION x
				                  WHERE x.JOB_INSTANCE_ID = s.job_instance_id
				                    AND coalesce(x.END_TIME, x.CREATE_TIME) > now() - ?::interval)
				""", instanceId, this.properties.stagingRetention().toSeconds() + " seconds");
		if (dropped > 0) {
			logger.info("Dropped {} staged rows of failed runs older than {}", dropped,
					this.properties.stagingRetention());
		}
	}

}
