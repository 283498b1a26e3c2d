package com.fever.plans.search.freshness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import javax.sql.DataSource;

import com.fever.plans.db.PlansSchema;
import com.fever.plans.search.config.SearchProperties;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on {@code plans_data_changed}, the channel the import job notifies in the same
 * transaction that bumps {@code data_version}, so the cache is cleared within
 * milliseconds of a commit.
 * <p>
 * Uses its own connection, outside the pool: a {@code LISTEN} belongs to one session and
 * must not hold a pooled connection. A daemon thread waits on
 * {@link PGConnection#getNotifications(int)}, and re-opens the connection with a growing
 * pause when it breaks; the {@link DataVersionPoller} covers the gaps.
 */
@Component
public class DataChangeListener implements SmartLifecycle {

	static final String CHANNEL = PlansSchema.DATA_CHANGED_CHANNEL;

	private static final Logger logger = LoggerFactory.getLogger(DataChangeListener.class);

	private static final int WAIT_MILLIS = 500;

	private static final long FIRST_BACKOFF_MILLIS = 100;

	private final DataSource dataSource;

	private final DataVersion dataVersion;

	private final long maxBackoffMillis;

	private volatile Thread thread;

	private volatile boolean listening;

	DataChangeListener(DataSource dataSource, DataVersion dataVersion, SearchProperties properties) {
		this.dataSource = dataSource;
		this.dataVersion = dataVersion;
		this.maxBackoffMillis = properties.listenerMaxBackoff().toMillis();
	}

	@Override
	public void start() {
		Thread listener = new Thread(this::run, "plans-data-change-listener");
		listener.setDaemon(true);
		this.thread = listener;
		listener.start();
	}

	private void run() {
		long backoff = FIRST_BACKOFF_MILLIS;
		boolean reported = false;
		while (this.thread == Thread.currentThread()) {
			try (Connection connection = open()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				if (reported) {
					logger.info("Listening on {} again", CHANNEL);
				}
				backoff = FIRST_BACKOFF_MILLIS;
				reported = false;
				this.listening = true;
				PGConnection pg = connection.unwrap(PGConnection.class);
				while (this.thread == Thread.currentThread()) {
					PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							handle(notification);
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				this.listening = false;
				if (this.thread != Thread.currentThread()) {
					return;
				}
				if (!reported) {
					logger.warn("LISTEN {} connection lost, retrying (polling covers the gap): {}", CHANNEL,
							ex.getMessage());
					reported = true;
				}
				try {
					Thread.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					return;
				}
				backoff = Math.min(backoff * 2, this.maxBackoffMillis);
			}
		}
	}

	private void handle(PGNotification notification) {
		try {
			this.dataVersion.observe(Long.parseLong(notification.getParameter().trim()), "notify");
		}
		catch (NumberFormatException ex) {
			logger.warn("Ignoring notification with payload '{}': not a version", notification.getParameter());
		}
	}

	// Same server and credentials as the pool, without the pool's socket timeout (this
	// connection idles by design).
	private Connection open() throws SQLException {
		if (!(this.dataSource instanceof HikariDataSource hikari)) {
			throw new SQLException("Not a HikariDataSource: cannot open a dedicated LISTEN connection");
		}
		Properties info = new Properties();
		if (hikari.getUsername() != null) {
			info.setProperty("user", hikari.getUsername());
		}
		if (hikari.getPassword() != null) {
			info.setProperty("password", hikari.getPassword());
		}
		info.setProperty("connectTimeout", "2");
		info.setProperty("tcpKeepAlive", "true");
		info.setProperty("ApplicationName", "search-api-listener");
		return DriverManager.getConnection(hikari.getJdbcUrl(), info);
	}

	/**
	 * Tells whether the {@code LISTEN} connection is open.
	 * @return {@code true} while notifications are received
	 */
	public boolean isListening() {
		return this.listening;
	}

	@Override
	public void stop() {
		Thread listener = this.thread;
		this.thread = null;
		this.listening = false;
		if (listener != null) {
			listener.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

}
