package com.fever.plans.search.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Collection;

import com.fever.plans.db.PlansSchema;

/**
 * Writes {@code events} and signals new data exactly as the import job does: rows, then
 * in one transaction {@code data_version + 1} and
 * {@code pg_notify('plans_data_changed')}.
 */
public final class TestData {

	private static final String INSERT = """
			INSERT INTO events (id, provider, base_plan_id, plan_id, title, sell_mode, ever_online, starts_at, ends_at,
			    sell_from, sell_to, sold_out, organizer_company_id, min_price, max_price, zones, extra_attributes,
			    content_hash, first_seen_at, last_seen_at, last_changed_at, last_job_execution_id)
			VALUES (?, 'fever', ?, ?, ?, ?, ?, ?, ?, NULL, NULL, false, NULL, ?, ?, '[]'::jsonb, '{}'::jsonb,
			    sha256(convert_to(?, 'UTF8')), now(), now(), now(), 1)
			ON CONFLICT (provider, base_plan_id, plan_id) DO UPDATE SET title = EXCLUDED.title,
			    sell_mode = EXCLUDED.sell_mode, ever_online = events.ever_online OR EXCLUDED.ever_online,
			    starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, min_price = EXCLUDED.min_price,
			    max_price = EXCLUDED.max_price, content_hash = EXCLUDED.content_hash, last_changed_at = now()
			""";

	private TestData() {
	}

	/** Deletes every event without signalling. */
	public static void clear() {
		execute("DELETE FROM events");
	}

	/**
	 * Inserts (or updates, keeping the sticky flag) plans, without signalling.
	 * @param plans the plans
	 */
	public static void upsert(Collection<Plan> plans) {
		try (Connection connection = TestDatabase.connect();
				PreparedStatement insert = connection.prepareStatement(INSERT)) {
			for (Plan plan : plans) {
				insert.setObject(1, plan.id());
				insert.setString(2, plan.basePlanId());
				insert.setString(3, plan.planId());
				insert.setString(4, plan.title());
				insert.setString(5, plan.sellMode());
				insert.setBoolean(6, plan.everOnline());
				insert.setObject(7, plan.startsAt());
				insert.setObject(8, plan.endsAt());
				insert.setBigDecimal(9, plan.minPrice());
				insert.setBigDecimal(10, plan.maxPrice());
				insert.setString(11, plan.toString());
				insert.addBatch();
			}
			insert.executeBatch();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Commits the import job's "new data" signal.
	 * @return the new data version
	 */
	public static long signalNewData() {
		try (Connection connection = TestDatabase.connect()) {
			connection.setAutoCommit(false);
			long version;
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("UPDATE data_version SET version = version + 1,"
							+ " changed_at = now(), job_execution_id = 1 RETURNING version")) {
				rs.next();
				version = rs.getLong(1);
			}
			try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
				notify.setString(1, PlansSchema.DATA_CHANGED_CHANNEL);
				notify.setString(2, Long.toString(version));
				notify.execute();
			}
			connection.commit();
			return version;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Bumps {@code data_version} without a notification, as if the notification were
	 * lost.
	 * @return the new data version
	 */
	public static long bumpVersionSilently() {
		try (Connection connection = TestDatabase.connect();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(
						"UPDATE data_version SET version = version + 1, changed_at = now() RETURNING version")) {
			rs.next();
			return rs.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static void execute(String sql) {
		try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static LocalDateTime at(String isoLocal) {
		return LocalDateTime.parse(isoLocal);
	}

}
