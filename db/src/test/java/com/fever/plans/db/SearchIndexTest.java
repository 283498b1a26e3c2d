package com.fever.plans.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search's index on a large table, checked with {@code EXPLAIN ANALYZE} on the real
 * engine: the search query is an index-only scan of {@code events_search_idx}, with no
 * sort and no heap fetch, so its cost does not grow with what the index does not return.
 */
class SearchIndexTest {

	/**
	 * The search API's query for a window with both bounds. {@code starts_at <= to} is
	 * implied by {@code ends_at <= to} and the table's {@code ends_at >= starts_at}
	 * constraint; stating it bounds the index range on both sides instead of scanning to
	 * the end of the index.
	 */
	private static final String SEARCH = """
			EXPLAIN (ANALYZE, FORMAT TEXT)
			SELECT id, title, starts_at, ends_at, min_price, max_price FROM events
			WHERE ever_online AND starts_at >= ? AND starts_at <= ? AND ends_at <= ?
			ORDER BY starts_at, id
			""";

	private static Connection connection;

	@BeforeAll
	static void fillALargeTable() throws SQLException, InterruptedException {
		ThrowawayDatabase database = ThrowawayDatabase.create("db");
		Flyway.configure().dataSource(database.url(), database.username(), database.password()).load().migrate();
		connection = database.connect();
		try (Statement statement = connection.createStatement()) {
			// 200k plans over two years, 90 % ever online, with 20 zones' worth of JSON
			// each.
			statement.execute(
					"""
							INSERT INTO events (id, provider, base_plan_id, plan_id, title, sell_mode, ever_online,
							        starts_at, ends_at, min_price, max_price, zones, content_hash,
							        first_seen_at, last_seen_at, last_changed_at, last_job_execution_id)
							SELECT gen_random_uuid(), 'fever', i::text, i::text, 'Plan ' || i,
							       CASE WHEN i % 10 = 0 THEN 'offline' ELSE 'online' END, i % 10 <> 0,
							       timestamp '2021-01-01' + (i % 730) * interval '1 day' + (i % 24) * interval '1 hour',
							       timestamp '2021-01-01' + (i % 730) * interval '1 day' + (i % 24 + 2) * interval '1 hour',
							       10 + i % 50, 60 + i % 50,
							       (SELECT jsonb_agg(jsonb_build_object('zone_id', z, 'price', 10 + z)) FROM generate_series(1, 20) z),
							       sha256(i::text::bytea), now(), now(), now(), 1
							FROM generate_series(1, 200000) i
							""");
			statement.execute("VACUUM (ANALYZE) events");
			// VACUUM leaves a page's visibility bit unset while any transaction on the
			// server (another database's test, an autovacuum) is older than the page's
			// rows; production converges the same way through autovacuum. Repeat until
			// every page is all-visible, so the plan is judged as it runs in steady
			// state.
			for (int attempt = 0; attempt < 20 && !allVisible(statement); attempt++) {
				Thread.sleep(250);
				statement.execute("VACUUM events");
			}
		}
	}

	private static boolean allVisible(Statement statement) throws SQLException {
		try (ResultSet pages = statement
			.executeQuery("SELECT relallvisible >= relpages FROM pg_class WHERE relname = 'events'")) {
			return pages.next() && pages.getBoolean(1);
		}
	}

	@AfterAll
	static void close() throws SQLException {
		connection.close();
	}

	@Test
	void aWeekWindowIsAnIndexOnlyScanWithoutSortOrHeapFetches() throws SQLException {
		String plan = explain(LocalDateTime.of(2021, 6, 1, 0, 0), LocalDateTime.of(2021, 6, 8, 0, 0));

		assertThat(plan).contains("Index Only Scan using events_search_idx").contains("Heap Fetches: 0");
		// The range is bounded on both sides: the scan reads the window, not the rest of
		// the index.
		assertThat(plan).containsPattern("Index Cond: \\(\\(starts_at >= .*\\) AND \\(starts_at <= .*\\)\\)");
		assertThat(plan).doesNotContain("Sort").doesNotContain("Seq Scan");
	}

	@Test
	void aYearWindowStaysOnTheIndex() throws SQLException {
		String plan = explain(LocalDateTime.of(2021, 1, 1, 0, 0), LocalDateTime.of(2022, 1, 1, 0, 0));

		assertThat(plan).contains("Index Only Scan using events_search_idx").doesNotContain("Sort");
	}

	private static String explain(LocalDateTime from, LocalDateTime to) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(SEARCH)) {
			statement.setTimestamp(1, Timestamp.valueOf(from));
			statement.setTimestamp(2, Timestamp.valueOf(to));
			statement.setTimestamp(3, Timestamp.valueOf(to));
			StringBuilder plan = new StringBuilder();
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					plan.append(result.getString(1)).append('\n');
				}
			}
			return plan.toString();
		}
	}

}
