package com.fever.plans.search.database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;

import com.fever.plans.search.window.SearchWindow;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the plans of a window from {@code events}.
 * <p>
 * One SQL text per combination of bounds rather than {@code (? IS NULL OR ...)}: each
 * text gets a plain range condition on {@code starts_at}, so PostgreSQL uses the partial
 * index {@code events_search_idx} as an index-only scan that already returns rows in
 * {@code (starts_at, id)} order. Values are always bound, never concatenated.
 */
@Repository
public class EventSearchRepository {

	private static final String SELECT = "SELECT id, title, starts_at, ends_at, min_price, max_price FROM events"
			+ " WHERE ever_online";

	private static final String ORDER = " ORDER BY starts_at, id";

	// ends_at >= starts_at is a table constraint, so "starts_at <= to" follows from
	// "ends_at <= to": stating it lets the index range scan stop at the window's end
	// instead of reading on to the last plan.
	private static final String BOTH = SELECT + " AND starts_at >= ? AND starts_at <= ? AND ends_at <= ?" + ORDER;

	private static final String FROM_ONLY = SELECT + " AND starts_at >= ?" + ORDER;

	private static final String TO_ONLY = SELECT + " AND starts_at <= ? AND ends_at <= ?" + ORDER;

	private static final String ALL = SELECT + ORDER;

	private final JdbcTemplate jdbc;

	public EventSearchRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Finds the ever-online plans inside the window, ordered by start then id.
	 * @param window the normalized window
	 * @return the plans, possibly none
	 */
	public List<EventRow> find(SearchWindow window) {
		LocalDateTime from = window.from();
		LocalDateTime to = window.to();
		if (from != null && to != null) {
			return this.jdbc.query(BOTH, EventSearchRepository::row, from, to, to);
		}
		if (from != null) {
			return this.jdbc.query(FROM_ONLY, EventSearchRepository::row, from);
		}
		if (to != null) {
			return this.jdbc.query(TO_ONLY, EventSearchRepository::row, to, to);
		}
		return this.jdbc.query(ALL, EventSearchRepository::row);
	}

	private static EventRow row(ResultSet rs, int rowNum) throws SQLException {
		return new EventRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, LocalDateTime.class),
				rs.getObject(4, LocalDateTime.class), rs.getBigDecimal(5), rs.getBigDecimal(6));
	}

}
