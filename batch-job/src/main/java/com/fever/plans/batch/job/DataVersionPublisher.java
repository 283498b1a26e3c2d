package com.fever.plans.batch.job;

import com.fever.plans.db.PlansSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells readers that new data committed: bumps {@code data_version} and sends
 * {@code NOTIFY plans_data_changed} with the new version, in one transaction, so a
 * listener never hears of a version it cannot read yet. The search API's cache listens,
 * and polls the row as a fallback for a missed notification.
 */
public class DataVersionPublisher {

	/** The PostgreSQL channel readers LISTEN on. */
	public static final String CHANNEL = PlansSchema.DATA_CHANGED_CHANNEL;

	private static final Logger logger = LoggerFactory.getLogger(DataVersionPublisher.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	public DataVersionPublisher(JdbcTemplate jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/**
	 * Publishes a new data version.
	 * @param jobExecutionId the run that changed the data
	 * @return the new version
	 */
	public long publish(long jobExecutionId) {
		Long version = this.transaction.execute((status) -> {
			Long next = this.jdbc.queryForObject("""
					UPDATE data_version SET version = version + 1, changed_at = now(), job_execution_id = ?
					RETURNING version
					""", Long.class, jobExecutionId);
			this.jdbc.query("SELECT pg_notify(?, ?)", (rs) -> null, CHANNEL, String.valueOf(next));
			return next;
		});
		logger.info("Published data version {} on channel {}", version, CHANNEL);
		return version;
	}

}
