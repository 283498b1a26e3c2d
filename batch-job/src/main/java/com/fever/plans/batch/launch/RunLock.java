package com.fever.plans.batch.launch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * One import per provider at a time, across processes and machines: a PostgreSQL
 * session-level advisory lock, held on a dedicated connection for the whole run. If the
 * process dies the server drops the session and the lock with it, so a crash can never
 * leave the job locked.
 * <p>
 * The lock is the two-key form {@code (KEY, hash of the provider's name)}: different
 * providers run together. Two names with the same hash would only run one after the
 * other, never together, which is safe.
 */
public class RunLock {

	/** An arbitrary key, fixed for this job: "plan" in ASCII. */
	static final int KEY = 0x706c616e;

	private final DataSource dataSource;

	public RunLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Tries to take the provider's lock without waiting.
	 * @param provider the provider
	 * @return the held lock, or {@code null} when another run holds it
	 * @throws SQLException when the database cannot be reached
	 */
	public Held tryAcquire(String provider) throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try {
			connection.setAutoCommit(true);
			if (call(connection, "SELECT pg_try_advisory_lock(?, ?)", provider)) {
				return new Held(connection, provider);
			}
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		connection.close();
		return null;
	}

	private static boolean call(Connection connection, String sql, String provider) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setInt(1, KEY);
			statement.setInt(2, provider.hashCode());
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

		private final String provider;

		private Held(Connection connection, String provider) {
			this.connection = connection;
			this.provider = provider;
		}

		@Override
		public void close() throws SQLException {
			try {
				call(this.connection, "SELECT pg_advisory_unlock(?, ?)", this.provider);
			}
			finally {
				this.connection.close();
			}
		}

	}

}
