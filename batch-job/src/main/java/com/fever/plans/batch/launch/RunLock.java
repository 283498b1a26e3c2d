package com.fever.plans.batch.launch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * One import at a time, across processes and machines: a PostgreSQL session-level
 * advisory lock, held on a dedicated connection for the whole run. If the process dies
 * the server drops the session and the lock with it, so a crash can never leave the job
 * locked.
 */
public class RunLock {

	/** An arbitrary key, fixed for this job: "plans" in ASCII. */
	static final long KEY = 0x706c616e73L;

	private final DataSource dataSource;

	public RunLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Tries to take the lock without waiting.
	 * @return the held lock, or {@code null} when another run holds it
	 * @throws SQLException when the database cannot be reached
	 */
	public Held tryAcquire() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try {
			connection.setAutoCommit(true);
			if (call(connection, "SELECT pg_try_advisory_lock(?)")) {
				return new Held(connection);
			}
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		connection.close();
		return null;
	}

	private static boolean call(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, KEY);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	/**
	 * The lock while held; closing releases it.
	 */
	public static final class Held implements AutoCloseable {

		private final Connection connection;

		private Held(Connection connection) {
			this.connection = connection;
		}

		@Override
		public void close() throws SQLException {
			try {
				call(this.connection, "SELECT pg_advisory_unlock(?)");
			}
			finally {
				this.connection.close();
			}
		}

	}

}
