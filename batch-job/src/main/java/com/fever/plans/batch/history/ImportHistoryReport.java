package com.fever.plans.batch.history;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fever.plans.batch.job.ImportPlansJobConfiguration;

/**
 * Prints the last import runs from the Spring Batch tables ({@code make history}): the
 * same data an operator gets with the SQL in README, without needing {@code psql}.
 */
public class ImportHistoryReport {

	static final String SQL = """
			SELECT e.JOB_EXECUTION_ID, e.JOB_INSTANCE_ID, e.START_TIME, e.END_TIME, e.STATUS, e.EXIT_CODE,
			       COALESCE(SUM(s.READ_COUNT), 0) AS READ_COUNT,
			       COALESCE(SUM(s.WRITE_COUNT), 0) AS WRITE_COUNT,
			       COALESCE(SUM(s.READ_SKIP_COUNT + s.PROCESS_SKIP_COUNT + s.WRITE_SKIP_COUNT), 0) AS SKIP_COUNT,
			       CAST(c.SHORT_CONTEXT AS jsonb) ->> 'feed.sha256' AS FEED_SHA256
			FROM BATCH_JOB_EXECUTION e
			JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			LEFT JOIN BATCH_STEP_EXECUTION s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
			LEFT JOIN BATCH_JOB_EXECUTION_CONTEXT c ON c.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
			WHERE i.JOB_NAME = ?
			GROUP BY e.JOB_EXECUTION_ID, c.SHORT_CONTEXT
			ORDER BY e.JOB_EXECUTION_ID DESC
			LIMIT ?
			""";

	private static final String FORMAT = "%-6s %-6s %-19s %-19s %-9s %-21s %8s %8s %8s %9s  %s%n";

	private final JdbcTemplate jdbc;

	public ImportHistoryReport(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Returns the last runs, newest first.
	 * @param limit how many
	 * @return the runs
	 */
	public List<Run> lastRuns(int limit) {
		return this.jdbc.query(SQL, ImportHistoryReport::run, ImportPlansJobConfiguration.JOB_NAME, limit);
	}

	/**
	 * Prints the last runs as a table.
	 * @param out where to print
	 * @param limit how many runs
	 */
	public void print(PrintStream out, int limit) {
		out.printf(FORMAT, "run", "inst", "start", "end", "status", "exit code", "read", "written", "skipped",
				"duration", "feed sha256");
		for (Run run : lastRuns(limit)) {
			out.printf(FORMAT, run.executionId(), run.instanceId(), text(run.start()), text(run.end()), run.status(),
					run.exitCode(), run.read(), run.written(), run.skipped(), duration(run), text(run.feedSha256()));
		}
	}

	private static Run run(ResultSet rs, int row) throws SQLException {
		return new Run(rs.getLong(1), rs.getLong(2), local(rs.getTimestamp(3)), local(rs.getTimestamp(4)),
				rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getString(10));
	}

	private static LocalDateTime local(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().withNano(0) : null;
	}

	private static String text(Object value) {
		return (value != null) ? value.toString().replace('T', ' ') : "-";
	}

	private static String duration(Run run) {
		if (run.start() == null || run.end() == null) {
			return "-";
		}
		Duration took = Duration.between(run.start(), run.end());
		return took.toSeconds() + "s";
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
	 */
	public record Run(long executionId, long instanceId, LocalDateTime start, LocalDateTime end, String status,
			String exitCode, long read, long written, long skipped, String feedSha256) {

	}

}
