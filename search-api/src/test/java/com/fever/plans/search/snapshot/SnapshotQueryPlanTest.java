package com.fever.plans.search.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.fever.plans.search.support.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot's read is the search index in order, never a sort of the table: a sort of
 * a million plans spills to disk and was most of the rebuild's time. The planner is told
 * to avoid sorts and sequential scans, so the test's small table is planned as a large
 * one would be; a query whose order no index provides still needs a sort and shows one.
 */
class SnapshotQueryPlanTest {

	@Test
	void theRebuildReadsTheSearchIndexInOrderWithoutSorting() throws SQLException {
		String plan = plan(SnapshotBuilder.ROWS);

		assertThat(plan).contains("events_search_idx").doesNotContain("Sort");
	}

	@Test
	void orderingByTheTextOfTheTimesWouldSort() throws SQLException {
		// The query as it was: the bare names resolve to the ::text output columns.
		String plan = plan(
				SnapshotBuilder.ROWS.replace("ORDER BY events.starts_at, events.id", "ORDER BY starts_at, id"));

		assertThat(plan).contains("Sort");
	}

	private static String plan(String query) throws SQLException {
		try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
			statement.execute("SET enable_sort = off");
			statement.execute("SET enable_seqscan = off");
			StringBuilder plan = new StringBuilder();
			try (ResultSet rs = statement.executeQuery("EXPLAIN " + query)) {
				while (rs.next()) {
					plan.append(rs.getString(1)).append('\n');
				}
			}
			return plan.toString();
		}
	}

}
