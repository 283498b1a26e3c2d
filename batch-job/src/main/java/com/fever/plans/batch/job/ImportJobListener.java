package com.fever.plans.batch.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.plan.StagingSpace;

/**
 * What happens when a run ends, whatever its outcome: after a merge that changed rows the
 * table is vacuumed, and analyzed when a tenth of it changed (readers were told by the
 * merge itself), a completed import that rejected plans (in any of its runs) says so in
 * its exit code, and a completed run's staged feed is deleted (a failed run keeps it for
 * the restart) and the space of its staged rows given back ({@link StagingSpace}).
 */
public class ImportJobListener implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ImportJobListener.class);

	/** autovacuum_analyze_scale_factor's default. */
	private static final double ANALYZE_FRACTION = 0.1;

	private final JdbcTemplate jdbc;

	private final ImportProperties properties;

	private final StagingSpace stagingSpace;

	public ImportJobListener(JdbcTemplate jdbc, ImportProperties properties, StagingSpace stagingSpace) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.stagingSpace = stagingSpace;
	}

	@Override
	public void afterJob(JobExecution execution) {
		long skipped = execution.getStepExecutions().stream().mapToLong(StepExecution::getSkipCount).sum();
		// The merge step counted the rows it inserted or rewrote and published them in
		// its own transaction; a failed run changed nothing in events.
		long changed = execution.getExecutionContext().getLong(MergeStagingTasklet.ROWS_CHANGED, 0L);
		if (changed > 0 && this.properties.vacuumAfterImport() && execution.getStatus() == BatchStatus.COMPLETED) {
			vacuum(changed);
		}
		if (execution.getStatus() == BatchStatus.FAILED) {
			// The steps' exceptions carry the reason; put it where operators look first.
			String reasons = execution.getAllFailureExceptions()
				.stream()
				.map(Throwable::getMessage)
				.distinct()
				.collect(Collectors.joining("; "));
			execution.setExitStatus(execution.getExitStatus().addExitDescription(reasons));
		}
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			if (!ImportRuns.UNCHANGED.equals(execution.getExitStatus().getExitCode())) {
				// The import's rejects are those of its job instance: a restart's own
				// step executions hold only its own skips, while the runs before it
				// committed theirs into import_rejects with their chunks.
				long instanceId = execution.getJobInstance().getInstanceId();
				skipped = this.jdbc.queryForObject("SELECT count(*) FROM import_rejects WHERE job_instance_id = ?",
						Long.class, instanceId);
				if (skipped > 0) {
					execution.setExitStatus(new ExitStatus(ImportRuns.COMPLETED_WITH_SKIPS,
							skipped + " plans rejected by this import (job instance " + instanceId
									+ ", restarts included); see import_rejects for the reasons"));
				}
			}
			deleteStagedFeed(execution.getExecutionContext().getString(FeedContext.FILE, null));
			if (execution.getExecutionContext().containsKey(MergeStagingTasklet.ROWS_CHANGED)) {
				// The merge deleted the run's staged rows: their space is given back
				// now rather than scanned by the next runs.
				this.stagingSpace.reclaim();
			}
		}
		logger.info("Import run {} ended: {} / {} ({} rows changed, {} rejected)", execution.getId(),
				execution.getStatus(), execution.getExitStatus().getExitCode(), changed, skipped);
	}

	/**
	 * Outside any transaction: refreshes the visibility map, so the search's index-only
	 * scans stay index-only (cheap: it visits only the pages the merge changed). The
	 * planner's statistics are refreshed only when the run changed at least a tenth of
	 * the table, autovacuum's own default threshold: {@code ANALYZE} reads its sample of
	 * 30,000 rows whatever changed (0.5-0.7 s at 100k plans, measured), and a few changed
	 * prices do not move the distributions the search's plan depends on.
	 */
	private void vacuum(long changed) {
		Double rows = this.jdbc.queryForObject("SELECT reltuples::float8 FROM pg_class WHERE oid = 'events'::regclass",
				Double.class);
		boolean analyze = rows == null || rows < 0 || changed >= ANALYZE_FRACTION * rows;
		this.jdbc.execute(analyze ? "VACUUM (ANALYZE) events" : "VACUUM events");
	}

	private static void deleteStagedFeed(String file) {
		if (file == null) {
			return;
		}
		try {
			Files.deleteIfExists(Path.of(file));
		}
		catch (IOException ex) {
			logger.warn("Could not delete the staged feed {}: {}", file, ex.getMessage());
		}
	}

}
