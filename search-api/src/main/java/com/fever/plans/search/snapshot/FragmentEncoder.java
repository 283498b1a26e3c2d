package com.fever.plans.search.snapshot;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.fever.plans.search.database.SearchResponseWriter;
import tools.jackson.core.JsonGenerator;

/**
 * Renders one plan's values as {@link SearchResponseWriter} renders them, into a snapshot
 * fragment (see {@link EventSnapshot} for the layout).
 * <p>
 * Dates and times are copied from PostgreSQL's text of the timestamps (a snapshot build
 * renders a million of them: no date-time objects or formatting per row); titles that
 * need no escaping are copied as they are, others go through the same Jackson generator
 * the database path uses, so every byte matches. Not thread-safe: one per build.
 */
final class FragmentEncoder {

	private byte[] buffer = new byte[512];

	private int length;

	private final ByteArrayOutputStream escaped = new ByteArrayOutputStream(256);

	private final JsonGenerator titles;

	FragmentEncoder() {
		this.titles = SearchResponseWriter.jsonFactory().createGenerator(this.escaped);
		this.titles.writeStartArray();
	}

	/**
	 * Renders a fragment.
	 * @return the fragment's bytes, valid until the next call, in {@link #buffer()} up to
	 * {@link #length()}
	 */
	void encode(String id, String title, String startsAt, String endsAt, String minPrice, String maxPrice) {
		byte[] min = price(minPrice);
		byte[] max = price(maxPrice);
		byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
		if (idBytes.length != EventSnapshot.ID_LENGTH) {
			throw new IllegalStateException("Unexpected id text '" + id + "'");
		}
		this.length = EventSnapshot.HEADER;
		ensure(EventSnapshot.HEADER + EventSnapshot.ID_LENGTH + 2 * (10 + 15) + min.length + max.length
				+ title.length() * 6 + 16);
		put(idBytes);
		int startTime = dateTime(startsAt);
		int endTime = dateTime(endsAt);
		put(min);
		put(max);
		title(title);
		this.buffer[0] = (byte) startTime;
		this.buffer[1] = (byte) endTime;
		this.buffer[2] = (byte) min.length;
		this.buffer[3] = (byte) max.length;
	}

	byte[] buffer() {
		return this.buffer;
	}

	int length() {
		return this.length;
	}

	/**
	 * Reads PostgreSQL's ISO text of a timestamp, {@code yyyy-MM-dd HH:mm:ss[.ffffff]}.
	 * @param text the text
	 * @return epoch microseconds of the wall-clock value, as {@link EventSnapshot#micros}
	 * @throws SnapshotUnfitException for other forms (years outside 1-9999, BC)
	 */
	static long micros(String text) {
		check(text);
		LocalDateTime time = LocalDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10),
				number(text, 11, 13), number(text, 14, 16), number(text, 17, 19));
		long micros = 0;
		if (text.length() > 19) {
			micros = number(text, 20, text.length());
			for (int i = text.length() - 20; i < 6; i++) {
				micros *= 10;
			}
		}
		return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + micros;
	}

	private static void check(String text) {
		int length = text.length();
		boolean ok = length >= 19 && length <= 26 && length != 20 && text.charAt(4) == '-' && text.charAt(7) == '-'
				&& text.charAt(10) == ' ' && text.charAt(13) == ':' && text.charAt(16) == ':'
				&& (length == 19 || text.charAt(19) == '.');
		for (int i = 0; ok && i < length; i++) {
			if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && i != 19) {
				char c = text.charAt(i);
				ok = c >= '0' && c <= '9';
			}
		}
		if (!ok || text.startsWith("0000")) {
			throw new SnapshotUnfitException("a time the snapshot cannot hold: " + text);
		}
	}

	private static int number(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			value = value * 10 + (text.charAt(i) - '0');
		}
		return value;
	}

	// PostgreSQL's text of a numeric is plain decimal notation, which is what
	// BigDecimal.toPlainString() (the database path) gives for the same value; NaN and
	// infinities, which a BigDecimal cannot hold, are refused like the database path
	// refuses them.
	private static byte[] price(String price) {
		if (price != null && !isPlainNumber(price)) {
			throw new SnapshotUnfitException("a price that is not a finite number: " + price);
		}
		byte[] text = (price != null) ? price.getBytes(StandardCharsets.US_ASCII)
				: "null".getBytes(StandardCharsets.US_ASCII);
		if (text.length > 255) {
			throw new SnapshotUnfitException("a price of " + text.length + " digits");
		}
		return text;
	}

	private static boolean isPlainNumber(String text) {
		int digits = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				digits++;
			}
			else if (!(c == '.' || (c == '-' && i == 0))) {
				return false;
			}
		}
		return digits > 0;
	}

	// Writes the date (10 bytes) and the time from the checked text; returns the time's
	// length. Both forms drop a fraction's trailing zeros (PostgreSQL's output, and the
	// database path's appendFraction(NANO_OF_SECOND, 0, 9, true)).
	private int dateTime(String text) {
		check(text);
		for (int i = 0; i < 10; i++) {
			this.buffer[this.length++] = (byte) text.charAt(i);
		}
		for (int i = 11; i < text.length(); i++) {
			this.buffer[this.length++] = (byte) text.charAt(i);
		}
		return text.length() - 11;
	}

	private void title(String title) {
		if (isPlain(title)) {
			for (int i = 0; i < title.length(); i++) {
				this.buffer[this.length++] = (byte) title.charAt(i);
			}
			return;
		}
		// The generator writes ',"...' (or '["...' first): keep what is inside the
		// quotes.
		this.escaped.reset();
		this.titles.writeString(title);
		this.titles.flush();
		byte[] written = this.escaped.toByteArray();
		int from = (written[0] == '"') ? 1 : 2;
		int count = written.length - from - 1;
		ensure(this.length + count);
		System.arraycopy(written, from, this.buffer, this.length, count);
		this.length += count;
	}

	// Printable ASCII without the two characters JSON escapes.
	private static boolean isPlain(String title) {
		for (int i = 0; i < title.length(); i++) {
			char c = title.charAt(i);
			if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
				return false;
			}
		}
		return true;
	}

	private void put(byte[] bytes) {
		System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
		this.length += bytes.length;
	}

	private void ensure(int capacity) {
		if (this.buffer.length < capacity) {
			byte[] larger = new byte[Math.max(capacity, this.buffer.length * 2)];
			System.arraycopy(this.buffer, 0, larger, 0, this.length);
			this.buffer = larger;
		}
	}

}
