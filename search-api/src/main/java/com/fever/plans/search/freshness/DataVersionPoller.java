package com.fever.plans.search.freshness;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fever.plans.search.config.SearchProperties;
import com.fever.plans.search.database.DatabaseGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads {@code data_version} every {@code plans.search.poll-interval} through the pool:
 * the fallback when a notification is lost (listener reconnecting, a proxy that does not
 * pass {@code LISTEN}). It also tells the {@link DatabaseGate} as soon as the database is
 * back.
 */
@Component
public class DataVersionPoller implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(DataVersionPoller.class);

	private final JdbcTemplate jdbc;

	private final DataVersion dataVersion;

	private final DatabaseGate gate;

	private final long intervalMillis;

	private ScheduledExecutorService scheduler;

	private boolean failing;

	DataVersionPoller(JdbcTemplate jdbc, DataVersion dataVersion, DatabaseGate gate, SearchProperties properties) {
		this.jdbc = jdbc;
		this.dataVersion = dataVersion;
		this.gate = gate;
		this.intervalMillis = properties.pollInterval().toMillis();
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "plans-data-version-poller");
			thread.setDaemon(true);
			return thread;
		});
		// The first read waits one interval: the pool is still opening its first
		// connections.
		this.scheduler.scheduleWithFixedDelay(this::poll, this.intervalMillis, this.intervalMillis,
				TimeUnit.MILLISECONDS);
	}

	public void poll() {
		try {
			Long version = this.jdbc.queryForObject("SELECT version FROM data_version", Long.class);
			this.gate.recordSuccess();
			if (this.failing) {
				logger.info("data_version readable again");
				this.failing = false;
			}
			if (version != null) {
				this.dataVersion.observe(version, "poll");
			}
		}
		catch (RuntimeException ex) {
			this.gate.recordFailure(ex);
			if (!this.failing) {
				logger.warn("Cannot read data_version; serving cached searches only until it answers: {}",
						ex.getMessage());
				this.failing = true;
			}
		}
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
