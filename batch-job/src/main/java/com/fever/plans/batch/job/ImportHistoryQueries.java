package com.fever.plans.batch.job;

import java.util.List;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Questions about earlier runs, answered from the job repository.
 */
public class ImportHistoryQueries {

	private static final String LAST_IMPORTED = """
			SELECT e.JOB_EXECUTION_ID
			FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			WHERE i.JOB_NAME = ? AND e.STATUS = 'COMPLETED' AND e.EXIT_CODE IN ('COMPLETED', ?)
			  AND e.JOB_INSTANCE_ID <> ?
			ORDER BY e.JOB_EXECUTION_ID DESC LIMIT 1
			""";

	private final JdbcTemplate jdbc;

	private final JobRepository jobRepository;

	public ImportHistoryQueries(JdbcTemplate jdbc, JobRepository jobRepository) {
		this.jdbc = jdbc;
		this.jobRepository = jobRepository;
	}

	/**
	 * Returns the SHA-256 of the feed that the last completed import (not an unchanged
	 * skip) imported.
	 * @param jobName the job
	 * @param currentInstanceId the running instance, left out
	 * @return the hex digest, or {@code null} when no import completed yet
	 */
	public String lastImportedSha256(String jobName, long currentInstanceId) {
		List<Long> ids = this.jdbc.queryForList(LAST_IMPORTED, Long.class, jobName, FeedContext.COMPLETED_WITH_SKIPS,
				currentInstanceId);
		if (ids.isEmpty()) {
			return null;
		}
		JobExecution execution = this.jobRepository.getJobExecution(ids.get(0));
		return (execution != null) ? execution.getExecutionContext().getString(FeedContext.SHA256, null) : null;
	}

}
