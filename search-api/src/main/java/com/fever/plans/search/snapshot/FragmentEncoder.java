package com.fever.plans.search.snapshot;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import com.fever.plans.search.database.SearchResponseWriter;
import tools.jackson.core.JsonGenerator;

/**
 * Renders one plan's values as {@link SearchResponseWriter} renders them, into a snapshot
 * fragment (see {@link EventSnapshot} for the layout), from one row of
 * {@code COPY ... TO STDOUT}'s text format.
 * <p>
 * The row's bytes are read in place (a snapshot build renders a million of them: no
 * strings, date-time objects or formatting per row): the id, the dates and times of
 * PostgreSQL's text of the timestamps, and the prices' plain decimal text are copied as
 * they are; titles that need no escaping too, others are unescaped from COPY's text form
 * and go through the same Jackson generator the database path uses, so every byte
 * matches. Not thread-safe: one per build.
 */
final class FragmentEncoder {

	/** The row's columns: id, title, starts_at, ends_at, min_price, max_price. */
	private static final int COLUMNS = 6;

	private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

	private final int[] from = new int[COLUMNS];

	private final int[] to = new int[COLUMNS];

	private byte[] buffer = new byte[512];

	private int length;

	private long startMicros;

	private long endMicros;

	private byte[] unescaped = new byte[256];

	private final ByteArrayOutputStream escaped = new ByteArrayOutputStream(256);

	private final JsonGenerator titles;

	FragmentEncoder() {
		this.titles = SearchResponseWriter.jsonFactory().createGenerator(this.escaped);
		this.titles.writeStartArray();
	}

	/**
	 * Renders the fragment of one row of COPY's text format: six tab-separated columns
	 * (id, title, starts_at, ends_at, min_price, max_price), ending with a newline.
	 * @param row the row as the server sent it
	 * @throws SnapshotUnfitException for values the snapshot cannot hold
	 */
	void encode(byte[] row) {
		split(row);
		int idLength = this.to[0] - this.from[0];
		if (idLength != EventSnapshot.ID_LENGTH) {
			throw new IllegalStateException("Unexpected id text '" + text(row, 0) + "'");
		}
		this.startMicros = micros(row, this.from[2], this.to[2]);
		this.endMicros = micros(row, this.from[3], this.to[3]);
		int minLength = priceLength(row, 4);
		int maxLength = priceLength(row, 5);
		this.length = EventSnapshot.HEADER;
		ensure(EventSnapshot.HEADER + row.length * 6 + 16);
		put(row, this.from[0], idLength);
		int startTime = dateTime(row, 2);
		int endTime = dateTime(row, 3);
		price(row, 4);
		price(row, 5);
		title(row, this.from[1], this.to[1]);
		this.buffer[0] = (byte) startTime;
		this.buffer[1] = (byte) endTime;
		this.buffer[2] = (byte) minLength;
		this.buffer[3] = (byte) maxLength;
	}

	byte[] buffer() {
		return this.buffer;
	}

	int length() {
		return this.length;
	}

	/**
	 * Returns the start of the last row encoded.
	 * @return epoch microseconds of the wall-clock value, as {@link EventSnapshot#micros}
	 */
	long startMicros() {
		return this.startMicros;
	}

	/**
	 * Returns the end of the last row encoded.
	 * @return epoch microseconds of the wall-clock value, as {@link EventSnapshot#micros}
	 */
	long endMicros() {
		return this.endMicros;
	}

	private void split(byte[] row) {
		int end = row.length - 1;
		if (end < 0 || row[end] != '\n') {
			throw new IllegalStateException("A COPY row that does not end its line");
		}
		int column = 0;
		this.from[0] = 0;
		for (int i = 0; i < end; i++) {
			if (row[i] == '\t') {
				if (column == COLUMNS - 1) {
					throw new IllegalStateException("A COPY row of more than " + COLUMNS + " columns");
				}
				this.to[column] = i;
				this.from[++column] = i + 1;
			}
		}
		if (column != COLUMNS - 1) {
			throw new IllegalStateException("A COPY row of " + (column + 1) + " columns");
		}
		this.to[column] = end;
	}

	private String text(byte[] row, int column) {
		return new String(row, this.from[column], this.to[column] - this.from[column], StandardCharsets.UTF_8);
	}

	/**
	 * Reads PostgreSQL's ISO text of a timestamp, {@code yyyy-MM-dd HH:mm:ss[.ffffff]}.
	 * @param text the text's bytes
	 * @param from where it starts
	 * @param to where it ends
	 * @return epoch microseconds of the wall-clock value, as {@link EventSnapshot#micros}
	 * @throws SnapshotUnfitException for other forms (years outside 1-9999, BC)
	 */
	static long micros(byte[] text, int from, int to) {
		check(text, from, to);
		int year = number(text, from, from + 4);
		int month = number(text, from + 5, from + 7);
		int day = number(text, from + 8, from + 10);
		long seconds = epochDay(year, month, day) * 86_400L + number(text, from + 11, from + 13) * 3600L
				+ number(text, from + 14, from + 16) * 60L + number(text, from + 17, from + 19);
		long micros = 0;
		if (to - from > 19) {
			micros = number(text, from + 20, to);
			for (int i = to - from - 20; i < 6; i++) {
				micros *= 10;
			}
		}
		return seconds * 1_000_000L + micros;
	}

	// Days since 1970-01-01 of a proleptic Gregorian date (the calendar LocalDate and
	// PostgreSQL use), without LocalDate's validation per row: PostgreSQL only holds
	// valid dates.
	private static long epochDay(int year, int month, int day) {
		long y = (month <= 2) ? year - 1 : year;
		long era = Math.floorDiv(y, 400);
		long yearOfEra = y - era * 400;
		long dayOfYear = (153L * (month + ((month > 2) ? -3 : 9)) + 2) / 5 + day - 1;
		long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
		return era * 146_097 + dayOfEra - 719_468;
	}

	private static void check(byte[] text, int from, int to) {
		int length = to - from;
		boolean ok = length >= 19 && length <= 26 && length != 20 && text[from + 4] == '-' && text[from + 7] == '-'
				&& text[from + 10] == ' ' && text[from + 13] == ':' && text[from + 16] == ':'
				&& (length == 19 || text[from + 19] == '.');
		for (int i = 0; ok && i < length; i++) {
			if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && i != 19) {
				byte c = text[from + i];
				ok = c >= '0' && c <= '9';
			}
		}
		if (!ok || (text[from] == '0' && text[from + 1] == '0' && text[from + 2] == '0' && text[from + 3] == '0')) {
			throw new SnapshotUnfitException(
					"a time the snapshot cannot hold: " + new String(text, from, length, StandardCharsets.UTF_8));
		}
	}

	private static int number(byte[] text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			value = value * 10 + (text[i] - '0');
		}
		return value;
	}

	private boolean isNull(byte[] row, int column) {
		return this.to[column] - this.from[column] == 2 && row[this.from[column]] == '\\'
				&& row[this.from[column] + 1] == 'N';
	}

	// PostgreSQL's text of a numeric is plain decimal notation, which is what
	// BigDecimal.toPlainString() (the database path) gives for the same value; NaN and
	// infinities, which a BigDecimal cannot hold, are refused like the database path
	// refuses them. COPY's NULL (\N) is JSON's null.
	private int priceLength(byte[] row, int column) {
		if (isNull(row, column)) {
			return NULL.length;
		}
		int length = this.to[column] - this.from[column];
		if (!isPlainNumber(row, this.from[column], this.to[column])) {
			throw new SnapshotUnfitException("a price that is not a finite number: " + text(row, column));
		}
		if (length > 255) {
			throw new SnapshotUnfitException("a price of " + length + " digits");
		}
		return length;
	}

	private void price(byte[] row, int column) {
		if (isNull(row, column)) {
			put(NULL, 0, NULL.length);
		}
		else {
			put(row, this.from[column], this.to[column] - this.from[column]);
		}
	}

	private static boolean isPlainNumber(byte[] text, int from, int to) {
		int digits = 0;
		for (int i = from; i < to; i++) {
			byte c = text[i];
			if (c >= '0' && c <= '9') {
				digits++;
			}
			else if (!(c == '.' || (c == '-' && i == from))) {
				return false;
			}
		}
		return digits > 0;
	}

	// Writes the date (10 bytes) and the time from the checked text; returns the time's
	// length. Both forms drop a fraction's trailing zeros (PostgreSQL's output, and the
	// database path's appendFraction(NANO_OF_SECOND, 0, 9, true)).
	private int dateTime(byte[] row, int column) {
		int from = this.from[column];
		put(row, from, 10);
		put(row, from + 11, this.to[column] - from - 11);
		return this.to[column] - from - 11;
	}

	private void title(byte[] row, int from, int to) {
		if (isPlain(row, from, to)) {
			put(row, from, to - from);
			return;
		}
		// The generator writes ',"...' (or '["...' first): keep what is inside the
		// quotes.
		this.escaped.reset();
		this.titles.writeString(unescape(row, from, to));
		this.titles.flush();
		byte[] written = this.escaped.toByteArray();
		int skip = (written[0] == '"') ? 1 : 2;
		int count = written.length - skip - 1;
		ensure(this.length + count);
		put(written, skip, count);
	}

	// COPY's text format escapes a backslash and the control characters it would
	// otherwise confuse with its own delimiters; it sends every other byte as it is.
	private String unescape(byte[] row, int from, int to) {
		if (this.unescaped.length < to - from) {
			this.unescaped = new byte[Math.max(to - from, this.unescaped.length * 2)];
		}
		int n = 0;
		for (int i = from; i < to; i++) {
			byte c = row[i];
			if (c == '\\' && i + 1 < to) {
				c = row[++i];
				c = switch (c) {
					case 'b' -> '\b';
					case 'f' -> '\f';
					case 'n' -> '\n';
					case 'r' -> '\r';
					case 't' -> '\t';
					case 'v' -> 0x0b;
					default -> c;
				};
			}
			this.unescaped[n++] = c;
		}
		return new String(this.unescaped, 0, n, StandardCharsets.UTF_8);
	}

	// Printable ASCII without the two characters JSON escapes (nor COPY's escapes).
	private static boolean isPlain(byte[] text, int from, int to) {
		for (int i = from; i < to; i++) {
			byte c = text[i];
			if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
				return false;
			}
		}
		return true;
	}

	private void put(byte[] bytes, int offset, int count) {
		System.arraycopy(bytes, offset, this.buffer, this.length, count);
		this.length += count;
	}

	private void ensure(int capacity) {
		if (this.buffer.length < capacity) {
			byte[] larger = new byte[Math.max(capacity, this.buffer.length * 2)];
			System.arraycopy(this.buffer, 0, larger, 0, this.length);
			this.buffer = larger;
		}
	}

}
