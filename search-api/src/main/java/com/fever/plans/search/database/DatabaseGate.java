package com.fever.plans.search.database;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

import com.fever.plans.search.config.SearchProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * A minimal circuit breaker in front of the database.
 * <p>
 * Once a connection to the database fails (not merely a busy pool or a slow query),
 * uncached searches fail at once for {@code plans.search.fail-fast-window} instead of
 * each waiting out the pool's connection timeout: under load that wait would pile up
 * request threads. The first search after the window (or the data-version poller, when it
 * reaches the database again) closes the gate, so the service recovers by itself.
 */
@Component
public class DatabaseGate {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseGate.class);

	private final long windowNanos;

	// System.nanoTime() before which queries are refused; compared by subtraction
	// (nanoTime may be negative).
	private volatile long closedUntil;

	private volatile boolean down;

	public DatabaseGate(SearchProperties properties) {
		this.windowNanos = properties.failFastWindow().toNanos();
		this.closedUntil = System.nanoTime();
	}

	/**
	 * Throws at once when the database failed within the fail-fast window.
	 * @throws DatabaseUnavailableException when the gate is closed
	 */
	public void check() {
		if (this.down && System.nanoTime() - this.closedUntil < 0) {
			throw new DatabaseUnavailableException("The database failed less than "
					+ Duration.ofNanos(this.windowNanos).toMillis() + " ms ago; not retried yet", null);
		}
	}

	/**
	 * Records a database call that answered: reopens the gate if it was closed.
	 */
	public void recordSuccess() {
		if (this.down) {
			this.down = false;
			logger.info("Database reachable again: uncached searches query it again");
		}
	}

	/**
	 * Records a database call that failed. Only a connection failure closes the gate (see
	 * {@link #isConnectionFailure}); other failures leave it as it is.
	 * @param failure the exception the call threw
	 */
	public void recordFailure(RuntimeException failure) {
		if (!isConnectionFailure(failure)) {
			return;
		}
		this.closedUntil = System.nanoTime() + this.windowNanos;
		if (!this.down) {
			this.down = true;
			logger.warn("Database unavailable: serving cached searches only, others fail fast for {} ms at a time: {}",
					Duration.ofNanos(this.windowNanos).toMillis(), failure.getMessage());
		}
	}

	/**
	 * Tells whether the last database call failed for lack of a database.
	 * @return {@code true} while the database is considered down
	 */
	public boolean isDown() {
		return this.down;
	}

	/**
	 * Tells whether a failure means the database cannot answer for now (as opposed to a
	 * bug): such failures are answered 500 "unavailable" without a stack trace.
	 * @param ex the failure
	 * @return {@code true} for connection failures, timeouts and an exhausted pool
	 */
	static boolean isUnavailability(RuntimeException ex) {
		return ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException
				|| ex instanceof RecoverableDataAccessException || ex instanceof QueryTimeoutException;
	}

	/**
	 * Tells whether a failure shows the database itself is unreachable, which closes the
	 * gate. A pool that is merely busy (a connection timeout with no failed connection
	 * attempt behind it) or a slow query does not: under load that would turn a few slow
	 * answers into a second of refusals.
	 * @param ex the failure
	 * @return {@code true} when a connection failed or could not be opened
	 */
	static boolean isConnectionFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				// 08: connection exception; 57P01-03: server shutting down or starting
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
