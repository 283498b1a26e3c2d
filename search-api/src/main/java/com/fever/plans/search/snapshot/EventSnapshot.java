package com.fever.plans.search.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.fever.plans.search.window.SearchWindow;

/**
 * Every ever-online plan, sorted by start then id, held in memory in a compact, immutable
 * form, and the search answered from it.
 * <p>
 * Per plan: its start and end as epoch microseconds of the wall-clock value (the same
 * values PostgreSQL compares), and one <em>fragment</em> of ready JSON text: the values
 * of the plan's object as {@link com.fever.plans.search.database.SearchResponseWriter}
 * renders them (escaped title, dates, times, prices as plain numbers or {@code null}),
 * without the constant key names, which are written around the values when an answer is
 * sent. Leaving the keys out halves the memory per plan (about 105 bytes of every 207 are
 * keys and quotes) for a few small copies per plan at serve time.
 * <p>
 * Fragment layout: four length bytes (start time, end time, min price, max price), then
 * the id (36), start date (10), start time, end date (10), end time, min price, max
 * price, and the title to the end of the fragment. Fragments live in pages of 1 MiB (a
 * fragment never crosses a page), so a build never copies the whole text again to trim
 * it.
 * <p>
 * A window is two binary searches on the starts and a filter on the ends, exactly the
 * conditions of {@code EventSearchRepository}'s SQL. Nothing is allocated per plan when
 * an answer is written: the fragments go straight to the response through one small
 * buffer, so the window over the whole table streams without a copy of the answer.
 */
public final class EventSnapshot {

	static final int PAGE_BITS = 20;

	static final int PAGE_SIZE = 1 << PAGE_BITS;

	static final int HEADER = 4;

	static final int ID_LENGTH = 36;

	static final int DATE_LENGTH = 10;

	private static final byte[] PREFIX = ascii("{\"data\":{\"events\":[");

	private static final byte[] SUFFIX = ascii("]},\"error\":null}");

	private static final byte[] K_ID = ascii("{\"id\":\"");

	private static final byte[] K_TITLE = ascii("\",\"title\":\"");

	private static final byte[] K_START_DATE = ascii("\",\"start_date\":\"");

	private static final byte[] K_START_TIME = ascii("\",\"start_time\":\"");

	private static final byte[] K_END_DATE = ascii("\",\"end_date\":\"");

	private static final byte[] K_END_TIME = ascii("\",\"end_time\":\"");

	private static final byte[] K_MIN_PRICE = ascii("\",\"min_price\":");

	private static final byte[] K_MAX_PRICE = ascii(",\"max_price\":");

	/** What an answer adds to a fragment: keys, quotes and braces, minus the header. */
	static final int KEYS_LENGTH = K_ID.length + K_TITLE.length + K_START_DATE.length + K_START_TIME.length
			+ K_END_DATE.length + K_END_TIME.length + K_MIN_PRICE.length + K_MAX_PRICE.length + 1 - HEADER;

	private static final int BUFFER_SIZE = 16 * 1024;

	private final int count;

	private final long[] starts;

	private final long[] ends;

	private final int[] offsets;

	private final byte[][] pages;

	private final int[] pageFill;

	private final long dataVersion;

	private final String digest;

	private final Instant builtAt;

	private final long bytes;

	EventSnapshot(int count, long[] starts, long[] ends, int[] offsets, byte[][] pages, int[] pageFill,
			long dataVersion, String digest, Instant builtAt) {
		this.count = count;
		this.starts = starts;
		this.ends = ends;
		this.offsets = offsets;
		this.pages = pages;
		this.pageFill = pageFill;
		this.dataVersion = dataVersion;
		this.digest = digest;
		this.builtAt = builtAt;
		long size = 16L * starts.length + 4L * offsets.length + 4L * pageFill.length + 16L * pages.length + 96;
		for (byte[] page : pages) {
			size += page.length + 16;
		}
		this.bytes = size;
	}

	/**
	 * Returns the epoch microseconds of a wall-clock time read as UTC, the key the
	 * snapshot sorts on.
	 * @param time the wall-clock time
	 * @return microseconds since 1970-01-01T00:00
	 */
	public static long micros(LocalDateTime time) {
		return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1_000;
	}

	/**
	 * Selects the plans of a window.
	 * @param window the normalized window
	 * @return the selection, with the exact length of its answer
	 */
	public Selection select(SearchWindow window) {
		int from = (window.from() != null) ? firstStartAtOrAfter(micros(window.from())) : 0;
		long limit = (window.to() != null) ? micros(window.to()) : Long.MAX_VALUE;
		// starts_at <= to follows from ends_at <= to and ends_at >= starts_at, as in the
		// SQL: the scan stops at the first start after the bound.
		int to = (window.to() != null) ? firstStartAtOrAfter((limit == Long.MAX_VALUE) ? limit : limit + 1)
				: this.count;
		int matched = 0;
		long length = PREFIX.length + SUFFIX.length;
		for (int i = from; i < to; i++) {
			if (this.ends[i] <= limit) {
				matched++;
				length += fragmentLength(i) + KEYS_LENGTH;
			}
		}
		if (matched > 1) {
			length += matched - 1;
		}
		return new Selection(from, to, limit, matched, length);
	}

	/**
	 * Writes the answer of a selection to a stream, through one small buffer.
	 * @param selection a selection of this snapshot
	 * @param out the response stream; not closed
	 * @throws IOException when the stream fails (the client went away)
	 */
	public void writeTo(Selection selection, OutputStream out) throws IOException {
		Sink sink = new Sink(new byte[(int) Math.min(BUFFER_SIZE, selection.length())], out);
		write(selection, sink);
		sink.flush();
	}

	/**
	 * Renders the answer of a selection into one array of its exact length, for the
	 * response cache.
	 * @param selection a selection of this snapshot
	 * @return the UTF-8 body
	 */
	public byte[] render(Selection selection) {
		if (selection.length() > Integer.MAX_VALUE - 16) {
			throw new IllegalArgumentException("An answer of " + selection.length() + " bytes is streamed, not built");
		}
		byte[] body = new byte[(int) selection.length()];
		Sink sink = new Sink(body, null);
		try {
			write(selection, sink);
		}
		catch (IOException ex) {
			throw new IllegalStateException("An array sink does not fail", ex);
		}
		return body;
	}

	/**
	 * Renders the answer of a selection into an array the caller sized (a pooled response
	 * buffer's backing array), from an offset: exactly {@code selection.length()} bytes
	 * are written, nothing past them.
	 * @param selection a selection of this snapshot
	 * @param array the destination, with at least {@code selection.length()} bytes free
	 * from the offset
	 * @param offset where the answer starts in the array
	 */
	public void renderInto(Selection selection, byte[] array, int offset) {
		if (array.length - offset < selection.length()) {
			throw new IllegalArgumentException("An answer of " + selection.length() + " bytes does not fit");
		}
		Sink sink = new Sink(array, null);
		sink.position = offset;
		try {
			write(selection, sink);
		}
		catch (IOException ex) {
			throw new IllegalStateException("An array sink does not fail", ex);
		}
	}

	/**
	 * Starts writing the answer of a selection in parts, for an answer too large to hold
	 * in one buffer: each {@link Chunks#next(OutputStream)} writes the next part of at
	 * most about {@code chunkBytes}, so a window over the whole table is sent with one
	 * small buffer at a time, as the connection takes them.
	 * @param selection a selection of this snapshot
	 * @param chunkBytes the size of a part (one event longer than this is written whole)
	 * @return the parts, in order
	 */
	public Chunks chunks(Selection selection, int chunkBytes) {
		return new Chunks(selection, chunkBytes);
	}

	private void write(Selection selection, Sink sink) throws IOException {
		sink.put(PREFIX, 0, PREFIX.length);
		boolean first = true;
		long limit = selection.endLimit();
		for (int i = selection.from(); i < selection.to(); i++) {
			if (this.ends[i] > limit) {
				continue;
			}
			if (!first) {
				sink.put((byte) ',');
			}
			first = false;
			writeEvent(i, sink);
		}
		sink.put(SUFFIX, 0, SUFFIX.length);
	}

	private void writeEvent(int i, Sink sink) throws IOException {
		int offset = this.offsets[i];
		byte[] page = this.pages[offset >>> PAGE_BITS];
		int p = offset & (PAGE_SIZE - 1);
		int length = fragmentLength(i);
		int startTime = page[p];
		int endTime = page[p + 1];
		int minPrice = page[p + 2] & 0xff;
		int maxPrice = page[p + 3] & 0xff;
		int title = length - HEADER - ID_LENGTH - 2 * DATE_LENGTH - startTime - endTime - minPrice - maxPrice;
		sink.reserve(length + KEYS_LENGTH);
		int v = p + HEADER;
		sink.put(K_ID, 0, K_ID.length);
		sink.put(page, v, ID_LENGTH);
		int titleAt = v + length - HEADER - title;
		sink.put(K_TITLE, 0, K_TITLE.length);
		sink.put(page, titleAt, title);
		v += ID_LENGTH;
		sink.put(K_START_DATE, 0, K_START_DATE.length);
		sink.put(page, v, DATE_LENGTH);
		v += DATE_LENGTH;
		sink.put(K_START_TIME, 0, K_START_TIME.length);
		sink.put(page, v, startTime);
		v += startTime;
		sink.put(K_END_DATE, 0, K_END_DATE.length);
		sink.put(page, v, DATE_LENGTH);
		v += DATE_LENGTH;
		sink.put(K_END_TIME, 0, K_END_TIME.length);
		sink.put(page, v, endTime);
		v += endTime;
		sink.put(K_MIN_PRICE, 0, K_MIN_PRICE.length);
		sink.put(page, v, minPrice);
		v += minPrice;
		sink.put(K_MAX_PRICE, 0, K_MAX_PRICE.length);
		sink.put(page, v, maxPrice);
		sink.put((byte) '}');
	}

	private int fragmentLength(int i) {
		int offset = this.offsets[i];
		int next = (i + 1 < this.count) ? this.offsets[i + 1] : -1;
		if (next >= 0 && (next >>> PAGE_BITS) == (offset >>> PAGE_BITS)) {
			return next - offset;
		}
		return this.pageFill[offset >>> PAGE_BITS] - (offset & (PAGE_SIZE - 1));
	}

	// First index whose start is at or after the value (the count when none is).
	private int firstStartAtOrAfter(long value) {
		int low = 0;
		int high = this.count;
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (this.starts[mid] < value) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		return low;
	}

	/**
	 * Returns the entity tag of a window's answer: the digest of the whole snapshot's
	 * content and the window. Computed without reading the answer, it is the same on
	 * every replica holding the same data, and it changes whenever the data changes
	 * (possibly more often than this window's answer: a client then gets a {@code 200}
	 * where a {@code 304} would have done).
	 * @param window the window
	 * @return the weak tag, quoted
	 */
	public String etag(SearchWindow window) {
		long from = (window.from() != null) ? micros(window.from()) : Long.MIN_VALUE;
		long to = (window.to() != null) ? micros(window.to()) : Long.MAX_VALUE;
		long mixed = mix(from * 0x9E3779B97F4A7C15L ^ mix(to));
		return "W/\"s" + this.digest + "-" + Long.toHexString(mixed) + "\"";
	}

	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	public int count() {
		return this.count;
	}

	public long dataVersion() {
		return this.dataVersion;
	}

	public Instant builtAt() {
		return this.builtAt;
	}

	/**
	 * Returns the memory the snapshot holds: its arrays and pages.
	 * @return bytes
	 */
	public long bytes() {
		return this.bytes;
	}

	public String digest() {
		return this.digest;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * The plans of one window in a snapshot.
	 *
	 * @param from first candidate index (first start at or after the window's start)
	 * @param to end of the candidates (first start after the window's end)
	 * @param endLimit the latest end accepted, in epoch microseconds
	 * @param count plans in the answer
	 * @param length bytes of the answer
	 */
	public record Selection(int from, int to, long endLimit, int count, long length) {

	}

	/**
	 * The answer of one selection, written part by part; not thread-safe (one per
	 * response).
	 */
	public final class Chunks {

		private final Selection selection;

		private final byte[] buffer;

		private int next;

		private boolean started;

		private boolean first = true;

		private boolean finished;

		private Chunks(Selection selection, int chunkBytes) {
			this.selection = selection;
			this.buffer = new byte[(int) Math.max(SUFFIX.length + PREFIX.length,
					Math.min(chunkBytes, selection.length()))];
			this.next = selection.from();
		}

		/**
		 * Tells whether a part remains.
		 * @return {@code false} once the closing bytes were written
		 */
		public boolean hasMore() {
			return !this.finished;
		}

		/**
		 * Writes the next part: as many whole events as fit the part's size.
		 * @param out where the part goes; not closed
		 * @throws IOException when the stream fails
		 */
		public void next(OutputStream out) throws IOException {
			Sink sink = new Sink(this.buffer, out);
			if (!this.started) {
				sink.put(PREFIX, 0, PREFIX.length);
				this.started = true;
			}
			long limit = this.selection.endLimit();
			int to = this.selection.to();
			while (this.next < to) {
				int i = this.next;
				if (EventSnapshot.this.ends[i] > limit) {
					this.next++;
					continue;
				}
				int need = fragmentLength(i) + KEYS_LENGTH + 1;
				if (sink.position > 0 && this.buffer.length - sink.position < need) {
					break;
				}
				if (!this.first) {
					sink.put((byte) ',');
				}
				this.first = false;
				writeEvent(i, sink);
				this.next++;
			}
			if (this.next >= to && this.buffer.length - sink.position >= SUFFIX.length) {
				sink.put(SUFFIX, 0, SUFFIX.length);
				this.finished = true;
			}
			sink.flush();
		}

	}

	// A buffer in front of the response stream; without a stream, the buffer is the
	// destination itself (sized exactly by the caller).
	private static final class Sink {

		private final byte[] buffer;

		private final OutputStream out;

		private int position;

		Sink(byte[] buffer, OutputStream out) {
			this.buffer = buffer;
			this.out = out;
		}

		void reserve(int length) throws IOException {
			if (this.out != null && this.buffer.length - this.position < length) {
				flush();
			}
		}

		void put(byte value) throws IOException {
			if (this.position == this.buffer.length) {
				flush();
			}
			this.buffer[this.position++] = value;
		}

		void put(byte[] source, int offset, int length) throws IOException {
			if (this.buffer.length - this.position < length) {
				flush();
				if (length > this.buffer.length) {
					this.out.write(source, offset, length);
					return;
				}
			}
			System.arraycopy(source, offset, this.buffer, this.position, length);
			this.position += length;
		}

		void flush() throws IOException {
			if (this.out != null && this.position > 0) {
				this.out.write(this.buffer, 0, this.position);
				this.position = 0;
			}
		}

	}

}
