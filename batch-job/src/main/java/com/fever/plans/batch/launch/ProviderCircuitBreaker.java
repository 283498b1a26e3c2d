package com.fever.plans.batch.launch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fever.plans.batch.job.ImportPlansJobConfiguration;
import com.fever.plans.batch.staging.StagingWriteException;

/**
 * Decides from the job repository whether a launch may call the provider. After
 * {@code failure-threshold} consecutive failed fetch steps, launches skip the provider
 * until {@code cool-down} has passed since the last failure; then one launch tries
 * (half-open). Its success closes the circuit; its failure re-opens it for another
 * cool-down. Keeping the state in {@code BATCH_STEP_EXECUTION} means it holds across
 * processes and pods with nothing to store. A fetch that failed writing the staged feed
 * (a full disk) says nothing about the provider and is left out.
 */
public class ProviderCircuitBreaker {

	private static final String LAST_FETCHES = """
			SELECT s.STATUS, s.END_TIME
			FROM BATCH_STEP_EXECUTION s
			JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
			JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			WHERE i.JOB_NAME = ? AND s.STEP_NAME = ?
			  AND strpos(COALESCE(s.EXIT_MESSAGE, ''), ?) = 0
			ORDER BY s.STEP_EXECUTION_ID DESC
			LIMIT ?
			""";

	private final JdbcTemplate jdbc;

	private final CircuitBreakerProperties properties;

	private final Clock clock;

	public ProviderCircuitBreaker(JdbcTemplate jdbc, CircuitBreakerProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Returns until when the circuit stays open, or {@code null} when a fetch may be
	 * tried.
	 * @return the end of the cool-down (batch tables' local time), or {@code null}
	 */
	public LocalDateTime openUntil() {
		if (!this.properties.enabled() || this.properties.failureThreshold() <= 0) {
			return null;
		}
		List<Fetch> fetches = this.jdbc.query(LAST_FETCHES,
				(rs, row) -> new Fetch(rs.getString(1), toLocal(rs.getTimestamp(2))),
				ImportPlansJobConfiguration.JOB_NAME, ImportPlansJobConfiguration.FETCH_STEP,
				StagingWriteException.class.getName(), this.properties.failureThreshold());
		if (fetches.size() < this.properties.failureThreshold()
				|| !fetches.stream().allMatch((fetch) -> "FAILED".equals(fetch.status()))) {
			return null;
		}
		LocalDateTime lastFailure = fetches.get(0).endTime();
		if (lastFailure == null) {
			return null;
		}
		LocalDateTime until = lastFailure.plus(this.properties.coolDown());
		// The batch tables store the JVM's local time (LocalDateTime.now()): compare
		// likewise.
		return LocalDateTime.now(this.clock).isBefore(until) ? until : null;
	}

	private static LocalDateTime toLocal(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime() : null;
	}

	private record Fetch(String status, LocalDateTime endTime) {

	}

}
