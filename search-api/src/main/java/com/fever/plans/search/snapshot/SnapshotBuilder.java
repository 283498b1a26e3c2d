package com.fever.plans.search.snapshot;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Reads every ever-online plan in one consistent read and builds an {@link EventSnapshot}
 * within a memory budget.
 * <p>
 * One {@code REPEATABLE READ} transaction reads {@code data_version}, the count, and the
 * rows in the search's order ({@code starts_at, id}: the index order, so PostgreSQL does
 * not sort), streamed with {@code COPY (...) TO STDOUT} in its text format: one message
 * per row, read as bytes and rendered in place, where a {@code ResultSet} made a string
 * per value (1M plans: the read took most of the rebuild's 3.9 s in make bench). The
 * arrays are sized from the count, and the text grows page by page, so the budget is
 * checked before and while reading and a table that does not fit is given up early.
 */
final class SnapshotBuilder {

	private static final String VERSION = "SELECT version FROM data_version";

	private static final String COUNT = "SELECT count(*) FROM events WHERE ever_online";

	// Times and prices as their text (the session's DateStyle is ISO, set by the driver):
	// no timestamp or BigDecimal objects per row. The text of a time already holds the
	// date and time the API writes, and a numeric's text is the plain form it writes.
	// ORDER BY names the table's columns: a bare "starts_at" would mean the output column
	// "starts_at::text", which no index provides, and PostgreSQL sorted the whole table
	// on disk (1M plans: 4 s of the rebuild) instead of reading the index in order.
	static final String ROWS = "SELECT id, title, starts_at::text, ends_at::text, min_price::text,"
			+ " max_price::text FROM events WHERE ever_online ORDER BY events.starts_at, events.id";

	/** Bytes per plan besides its fragment: start, end and offset. */
	static final int ARRAY_BYTES_PER_EVENT = 8 + 8 + 4;

	private final DataSource dataSource;

	private final long budgetBytes;

	SnapshotBuilder(DataSource dataSource, long budgetBytes) {
		this.dataSource = dataSource;
		this.budgetBytes = budgetBytes;
	}

	/**
	 * Builds a snapshot of the current data.
	 * @return the snapshot
	 * @throws SnapshotUnfitException when it would exceed the budget
	 * @throws DataAccessResourceFailureException when the database cannot be read
	 */
	EventSnapshot build() {
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			int isolation = connection.getTransactionIsolation();
			connection.setAutoCommit(false);
			connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			try {
				return read(connection);
			}
			finally {
				connection.rollback();
				connection.setTransactionIsolation(isolation);
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Cannot read the events for the snapshot", ex);
		}
	}

	private EventSnapshot read(Connection connection) throws SQLException {
		long version;
		int count;
		try (Statement statement = connection.createStatement()) {
			// The pool's statement timeout is sized for one search, not for reading the
			// whole table.
			statement.execute("SET LOCAL statement_timeout = '5min'");
			try (ResultSet rs = statement.executeQuery(VERSION)) {
				version = rs.next() ? rs.getLong(1) : 0;
			}
			try (ResultSet rs = statement.executeQuery(COUNT)) {
				rs.next();
				count = Math.toIntExact(rs.getLong(1));
			}
		}
		try {
			return read(connection, version, count);
		}
		catch (SnapshotUnfitException ex) {
			throw new SnapshotUnfitException(ex.getMessage(), version);
		}
	}

	private EventSnapshot read(Connection connection, long version, int count) throws SQLException {
		long arrays = (long) count * ARRAY_BYTES_PER_EVENT;
		if (arrays > this.budgetBytes) {
			throw new SnapshotUnfitException(count + " plans need " + arrays + " bytes for their times alone");
		}
		long[] starts = new long[count];
		long[] ends = new long[count];
		int[] offsets = new int[count];
		List<byte[]> pages = new ArrayList<>();
		List<Integer> fills = new ArrayList<>();
		MessageDigest digest = sha256();
		FragmentEncoder encoder = new FragmentEncoder();
		byte[] page = null;
		int fill = 0;
		int n = 0;
		CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + ROWS + ") TO STDOUT");
		try {
			byte[] row;
			while ((row = copy.readFromCopy()) != null) {
				if (n == count) {
					// Cannot happen in one REPEATABLE READ snapshot; guards the arrays.
					throw new IllegalStateException("More rows than counted");
				}
				encoder.encode(row);
				int length = encoder.length();
				if (length > EventSnapshot.PAGE_SIZE) {
					throw new SnapshotUnfitException("a plan of " + length + " bytes");
				}
				if (page == null || EventSnapshot.PAGE_SIZE - fill < length) {
					if (page != null) {
						digest.update(page, 0, fill);
						fills.add(fill);
					}
					if (arrays + (long) (pages.size() + 1) * EventSnapshot.PAGE_SIZE > this.budgetBytes) {
						throw new SnapshotUnfitException("more than the budget of " + this.budgetBytes + " bytes after "
								+ n + " of " + count + " plans");
					}
					page = new byte[EventSnapshot.PAGE_SIZE];
					pages.add(page);
					fill = 0;
				}
				System.arraycopy(encoder.buffer(), 0, page, fill, length);
				offsets[n] = ((pages.size() - 1) << EventSnapshot.PAGE_BITS) | fill;
				fill += length;
				starts[n] = encoder.startMicros();
				ends[n] = encoder.endMicros();
				n++;
			}
		}
		finally {
			// Given up early (over the budget, a value it cannot hold): the rest of the
			// rows are read and dropped, nothing kept, so that the connection leaves the
			// COPY in a state it can be used again (cancelling it left the connection's
			// transaction open).
			while (copy.isActive() && copy.readFromCopy() != null) {
				// drop
			}
		}
		if (page != null) {
			digest.update(page, 0, fill);
			fills.add(fill);
			// The last page is trimmed: a small table does not hold a whole MiB.
			pages.set(pages.size() - 1, java.util.Arrays.copyOf(page, fill));
		}
		if (n != count) {
			throw new IllegalStateException("Read " + n + " rows, counted " + count);
		}
		int[] pageFill = fills.stream().mapToInt(Integer::intValue).toArray();
		String tag = Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest()).substring(0, 16);
		return new EventSnapshot(n, starts, ends, offsets, pages.toArray(new byte[0][]), pageFill, version, tag,
				Instant.now());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is always available", ex);
		}
	}

}
