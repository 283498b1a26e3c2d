package com.fever.plans.search.snapshot;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import com.fever.plans.search.search.SearchResponseWriter;
import tools.jackson.core.JsonGenerator;

/**
 * Renders one plan's values as {@link SearchResponseWriter} renders them, into a snapshot
 * fragment (see {@link EventSnapshot} for the layout).
 * <p>
 * Dates and times are written digit by digit (a snapshot build renders a million of
 * them); titles that need no escaping are copied as they are, others go through the same
 * Jackson generator the database path uses, so every byte matches. Not thread-safe: one
 * per build.
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
	void encode(String id, String title, LocalDateTime startsAt, LocalDateTime endsAt, BigDecimal minPrice,
			BigDecimal maxPrice) {
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

	private static byte[] price(BigDecimal price) {
		byte[] text = (price != null) ? price.toPlainString().getBytes(StandardCharsets.US_ASCII)
				: "null".getBytes(StandardCharsets.US_ASCII);
		if (text.length > 255) {
			throw new SnapshotUnfitException("a price of " + text.length + " digits");
		}
		return text;
	}

	// Writes the date (10 bytes) and the time; returns the time's length.
	private int dateTime(LocalDateTime time) {
		int year = time.getYear();
		if (year < 1 || year > 9999) {
			// Outside what four digits hold: the formatter's own rendering.
			byte[] date = DateTimeFormatter.ISO_LOCAL_DATE.format(time).getBytes(StandardCharsets.US_ASCII);
			if (date.length != EventSnapshot.DATE_LENGTH) {
				throw new SnapshotUnfitException("a date outside years 1-9999");
			}
			put(date);
		}
		else {
			digits(year, 4);
			this.buffer[this.length++] = '-';
			digits(time.getMonthValue(), 2);
			this.buffer[this.length++] = '-';
			digits(time.getDayOfMonth(), 2);
		}
		int before = this.length;
		digits(time.getHour(), 2);
		this.buffer[this.length++] = ':';
		digits(time.getMinute(), 2);
		this.buffer[this.length++] = ':';
		digits(time.getSecond(), 2);
		int nano = time.getNano();
		if (nano != 0) {
			// As DateTimeFormatterBuilder.appendFraction(NANO_OF_SECOND, 0, 9, true): the
			// shortest fraction, trailing zeros dropped.
			int digits = 9;
			while (nano % 10 == 0) {
				nano /= 10;
				digits--;
			}
			this.buffer[this.length++] = '.';
			digits(nano, digits);
		}
		return this.length - before;
	}

	private void digits(int value, int width) {
		for (int i = width - 1; i >= 0; i--) {
			this.buffer[this.length + i] = (byte) ('0' + value % 10);
			value /= 10;
		}
		this.length += width;
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
