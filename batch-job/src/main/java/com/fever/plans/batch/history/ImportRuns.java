package com.fever.plans.batch.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fever.plans.batch.provider.Providers;

/**
 * The one home for questions about earlier import runs, per provider.
 * <p>
 * {@link JobRepository} answers where it can (an execution by id, the running ones). It
 * cannot select instances by a parameter's value, nor aggregate step counts, so the
 * provider-scoped questions are SQL on the {@code BATCH_*} tables, with bind parameters
 * only. A run's provider is its {@value Providers#PARAMETER} parameter; runs launched
 * before the provider was a parameter belong to the first configured provider.
 */
public class ImportRuns {

	/** The import job's name in the {@code BATCH_*} tables. */
	public static final String JOB_NAME = "importPlansJob";

	/** The fetch step's name: the circuit breaker counts its failures. */
	public static final String FETCH_STEP = "fetchFeed";

	/**
	 * Exit code of a run whose feed equals the last completed import's: nothing to
	 * import. With {@link #COMPLETED_WITH_SKIPS}, the job's own exit statuses, named like
	 * the launcher's {@code ImportExitCode} values that give them a process exit code.
	 */
	public static final String UNCHANGED = "UNCHANGED";

	/** Exit code of a completed run that rejected some plans. */
	public static final String COMPLETED_WITH_SKIPS = "COMPLETED_WITH_SKIPS";

	/**
	 * The provider of execution {@code e}, defaulted (first bind parameter) for runs
	 * without the parameter.
	 */
	private static final String PROVIDER_OF_E = """
			COALESCE((SELECT p.PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS p
			          WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND p.PARAMETER_NAME = 'provider'), ?)
			""";

	private static final String RUNS_OF_PROVIDER = """
			FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			WHERE i.JOB_NAME = ? AND %s = ?
			""".formatted(PROVIDER_OF_E);

	private static final String LAST_IMPORTED = "SELECT e.JOB_EXECUTION_ID " + RUNS_OF_PROVIDER + """
			  AND e.STATUS = 'COMPLETED' AND e.EXIT_CODE IN ('COMPLETED', ?) AND e.JOB_INSTANCE_ID <> ?
			ORDER BY e.JOB_EXECUTION_ID DESC LIMIT 1
			""";

	private static final String LAST_EXECUTION = "SELECT e.JOB_EXECUTION_ID " + RUNS_OF_PROVIDER
			+ " ORDER BY e.JOB_EXECUTION_ID DESC LIMIT 1";

	private static final String LAST_COMPLETED_INSTANCE = "SELECT max(e.JOB_INSTANCE_ID) " + RUNS_OF_PROVIDER
			+ " AND e.STATUS = 'COMPLETED'";

	private static final String LAST_SUCCESS_END = "SELECT max(e.END_TIME) " + RUNS_OF_PROVIDER
			+ " AND e.STATUS = 'COMPLETED'";

	private static final String INSTANCES = "SELECT DISTINCT e.JOB_INSTANCE_ID " + RUNS_OF_PROVIDER;

	private static final String LAST_FETCHES = """
			SELECT s.STATUS, s.END_TIME
			FROM BATCH_STEP_EXECUTION s JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
			JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			WHERE i.JOB_NAME = ? AND %s = ? AND s.STEP_NAME = ?
			  AND strpos(COALESCE(s.EXIT_MESSAGE, ''), ?) = 0
			ORDER BY s.STEP_EXECUTION_ID DESC
			LIMIT ?
			""".formatted(PROVIDER_OF_E);

	private static final String LAST_RUNS = """
			SELECT e.JOB_EXECUTION_ID, e.JOB_INSTANCE_ID, e.START_TIME, e.END_TIME, e.STATUS, e.EXIT_CODE,
			       COALESCE(SUM(s.READ_COUNT), 0) AS READ_COUNT,
			       COALESCE(SUM(s.WRITE_COUNT), 0) AS WRITE_COUNT,
			       COALESCE(SUM(s.READ_SKIP_COUNT + s.PROCESS_SKIP_COUNT + s.WRITE_SKIP_COUNT), 0) AS SKIP_COUNT,
			       CAST(c.SHORT_CONTEXT AS jsonb) ->> 'feed.sha256' AS FEED_SHA256,
			       %s AS PROVIDER
			FROM BATCH_JOB_EXECUTION e
			JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			LEFT JOIN BATCH_STEP_EXECUTION s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
			LEFT JOIN BATCH_JOB_EXECUTION_CONTEXT c ON c.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
			WHERE i.JOB_NAME = ? AND (CAST(? AS text) IS NULL OR %s = ?)
			GROUP BY e.JOB_EXECUTION_ID, c.SHORT_CONTEXT
			ORDER BY e.JOB_EXECUTION_ID DESC
			LIMIT ?
			""".formatted(PROVIDER_OF_E, PROVIDER_OF_E);

	private final JdbcTemplate jdbc;

	private final JobRepository jobRepository;

	private final String defaultProvider;

	public ImportRuns(JdbcTemplate jdbc, JobRepository jobRepository, Providers providers) {
		this.jdbc = jdbc;
		this.jobRepository = jobRepository;
		this.defaultProvider = providers.first().name();
	}

	/**
	 * The SHA-256 of the feed that the provider's last completed import (not an unchanged
	 * skip) imported.
	 * @param provider the provider
	 * @param currentInstanceId the running instance, left out
	 * @return the hex digest, or {@code null} when no import of it completed yet
	 */
	public String lastImportedSha256(String provider, long currentInstanceId) {
		List<Long> ids = this.jdbc.queryForList(LAST_IMPORTED, Long.class, JOB_NAME, this.defaultProvider, provider,
				COMPLETED_WITH_SKIPS, currentInstanceId);
		JobExecution execution = ids.isEmpty() ? null : execution(ids.get(0));
		return (execution != null) ? execution.getExecutionContext().getString("feed.sha256", null) : null;
	}

	/**
	 * The provider's latest run.
	 * @param provider the provider
	 * @return its last execution, or {@code null} before its first run
	 */
	public JobExecution lastExecution(String provider) {
		List<Long> ids = this.jdbc.queryForList(LAST_EXECUTION, Long.class, JOB_NAME, this.defaultProvider, provider);
		return ids.isEmpty() ? null : execution(ids.get(0));
	}

	/**
	 * The execution with this id.
	 * @param executionId the id
	 * @return the execution, or {@code null} (Spring Batch 6 throws instead)
	 */
	public JobExecution execution(long executionId) {
		try {
			return this.jobRepository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException ex) {
			return null;
		}
	}

	/**
	 * The provider a run imports.
	 * @param execution the run
	 * @return its provider's name
	 */
	public String providerOf(JobExecution execution) {
		String name = execution.getJobParameters().getString(Providers.PARAMETER);
		return (name != null) ? name : this.defaultProvider;
	}

	/**
	 * The provider's runs marked running in the job repository.
	 * @param provider the provider
	 * @return the executions
	 */
	public List<JobExecution> running(String provider) {
		Set<JobExecution> running = this.jobRepository.findRunningJobExecutions(JOB_NAME);
		return running.stream()
			.filter((execution) -> provider.equals(providerOf(execution)))
			.sorted(java.util.Comparator.comparing(JobExecution::getId))
			.toList();
	}

	/**
	 * The newest job instance of the provider that completed.
	 * @param provider the provider
	 * @return its id, or {@code null}
	 */
	public Long lastCompletedInstance(String provider) {
		return this.jdbc.queryForObject(LAST_COMPLETED_INSTANCE, Long.class, JOB_NAME, this.defaultProvider, provider);
	}

	/**
	 * When the provider's last completed run ended.
	 * @param provider the provider
	 * @return its end (batch tables' local time), or {@code null} before the first
	 */
	public LocalDateTime lastSuccessEnd(String provider) {
		Timestamp end = this.jdbc.queryForObject(LAST_SUCCESS_END, Timestamp.class, JOB_NAME, this.defaultProvider,
				provider);
		return (end != null) ? end.toLocalDateTime() : null;
	}

	/**
	 * The provider's job instances.
	 * @param provider the provider
	 * @return their ids
	 */
	public Set<Long> instances(String provider) {
		return Set.copyOf(this.jdbc.queryForList(INSTANCES, Long.class, JOB_NAME, this.defaultProvider, provider));
	}

	/**
	 * The last fetch steps of the provider, newest first, leaving out fetches that failed
	 * on a message containing {@code ignoredMessage} (a failure of ours, not the
	 * provider's).
	 * @param provider the provider
	 * @param ignoredMessage text of exit messages to leave out
	 * @param limit how many
	 * @return the fetches
	 */
	public List<Fetch> lastFetches(String provider, String ignoredMessage, int limit) {
		return this.jdbc.query(LAST_FETCHES, (rs, row) -> new Fetch(rs.getString(1), local(rs.getTimestamp(2))),
				JOB_NAME, this.defaultProvider, provider, FETCH_STEP, ignoredMessage, limit);
	}

	/**
	 * The last runs, newest first.
	 * @param provider the provider, or {@code null} for all
	 * @param limit how many
	 * @return the runs
	 */
	public List<Run> lastRuns(String provider, int limit) {
		return this.jdbc.query(LAST_RUNS, ImportRuns::run, this.defaultProvider, JOB_NAME, provider,
				this.defaultProvider, provider, limit);
	}

	private static Run run(ResultSet rs, int row) throws SQLException {
		return new Run(rs.getLong(1), rs.getLong(2), local(rs.getTimestamp(3)), local(rs.getTimestamp(4)),
				rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getString(10),
				rs.getString(11));
	}

	private static LocalDateTime local(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().withNano(0) : null;
	}

	/**
	 * One fetch step.
	 *
	 * @param status its batch status
	 * @param endTime when it ended (batch tables' local time), or {@code null}
	 */
	public record Fetch(String status, LocalDateTime endTime) {

	}

	/**
	 * One run of the import.
	 *
	 * @param executionId the job execution id (what {@code --restart=} takes)
	 * @param instanceId the job instance id (a restart keeps it)
	 * @param start when it started
	 * @param end when it ended, or {@code null} while running
	 * @param status the batch status
	 * @param exitCode the exit code
	 * @param read base plans read
	 * @param written base plans written
	 * @param skipped plans rejected
	 * @param feedSha256 the SHA-256 of the feed it fetched
	 * @param provider the provider it imported
	 */
	public record Run(long executionId, long instanceId, LocalDateTime start, LocalDateTime end, String status,
			String exitCode, long read, long written, long skipped, String feedSha256, String provider) {

	}

}
