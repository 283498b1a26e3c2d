package com.fever.plans.search;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fever.plans.search.database.EventSearchRepository;
import com.fever.plans.search.database.SearchResponseWriter;
import com.fever.plans.search.window.SearchWindow;
import com.fever.plans.search.snapshot.EventSnapshot;
import com.fever.plans.search.snapshot.EventSnapshot.Selection;
import com.fever.plans.search.support.Plan;
import com.fever.plans.search.support.TestData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot writes exactly the bytes the database path writes, for awkward values too,
 * and streams the window over the whole table without building it in memory.
 */
class SnapshotRenderingTest extends SearchApiTestBase {

	@Autowired
	private EventSearchRepository repository;

	@Autowired
	private SearchResponseWriter writer;

	@Test
	void everyWindowIsByteForByteTheDatabaseAnswer() throws Exception {
		List<Plan> plans = new ArrayList<>();
		String[] titles = { "Comillas \"dobles\" y \\ barra", "Control \u0001 tab\t salto\nfin", "Ñandú 🎉 en Málaga",
				"</script><b>", "Separador\u2028de linea", "", "x".repeat(3000),
				// Each of the control characters COPY's text format escapes (the
				// snapshot reads COPY's text).
				"Retorno \r retroceso \b avance \f vertical \u000b barra \\n fin" };
		for (int i = 0; i < titles.length; i++) {
			plans.add(Plan.of("990", Integer.toString(i), titles[i], "online", true,
					"2021-03-0" + (i + 1) + "T10:00:00", "2021-03-0" + (i + 1) + "T12:00:00", "10.50", "20"));
		}
		plans.add(Plan.of("991", "1", "Fracciones", "online", true, "2021-04-01T10:00:00.5",
				"2021-04-01T10:30:00.123456", "12345678901234567890.123456789", "12345678901234567890.123456789"));
		plans.add(Plan.of("991", "2", "Sin zonas", "online", true, "2021-04-02T00:00:00", "2021-04-02T00:00:00", null,
				null));
		plans.add(Plan.of("991", "3", "Antiguo", "online", true, "0001-01-01T00:00:00", "0001-01-01T00:00:01", "0",
				"0.00"));
		plans.add(Plan.of("991", "4", "Lejano", "online", true, "9999-12-31T23:59:59.999999",
				"9999-12-31T23:59:59.999999", "1E-10", "1E+3"));
		plans.add(Plan.of("991", "5", "Nunca online", "offline", false, "2021-04-03T00:00:00", "2021-04-03T01:00:00",
				"1", "1"));
		importPlans(plans);
		EventSnapshot snapshot = this.snapshots.current();
		assertThat(snapshot).isNotNull();
		assertThat(snapshot.count()).isEqualTo(plans.size() - 1);

		List<SearchWindow> windows = List.of(SearchWindow.UNBOUNDED, window("2021-03-01T10:00:00", null),
				window(null, "2021-03-03T12:00:00"), window("2021-03-02T10:00:00", "2021-03-04T11:59:59"),
				window("2021-04-01T10:00:00.5", "2021-04-01T10:30:00.123456"),
				window("2021-04-01T10:00:00.500001", "2021-04-02T00:00:00"),
				window("2021-04-02T00:00:00", "2021-04-02T00:00:00"), window("2030-01-01T00:00:00", null),
				window(null, "0001-01-01T00:00:00"));
		for (SearchWindow window : windows) {
			byte[] expected = this.writer.write(this.repository.find(window));
			Selection selection = snapshot.select(window);

			assertThat(new String(snapshot.render(selection), java.nio.charset.StandardCharsets.UTF_8)).as("%s", window)
				.isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
			assertThat(selection.length()).isEqualTo(expected.length);
			// The same bytes rendered into a larger array at an offset (a pooled
			// buffer), nothing around them touched.
			byte[] pooled = new byte[expected.length + 20];
			java.util.Arrays.fill(pooled, (byte) '#');
			snapshot.renderInto(selection, pooled, 7);
			assertThat(java.util.Arrays.copyOfRange(pooled, 7, 7 + expected.length)).isEqualTo(expected);
			assertThat(new String(pooled, 0, 7, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("#######");
			assertThat(pooled[7 + expected.length]).isEqualTo((byte) '#');
			// And streamed in parts smaller than some events (one title is 3,000 bytes).
			for (int chunkBytes : new int[] { 40, 500, 64 * 1024 }) {
				java.io.ByteArrayOutputStream parts = new java.io.ByteArrayOutputStream();
				EventSnapshot.Chunks chunks = snapshot.chunks(selection, chunkBytes);
				int count = 0;
				while (chunks.hasMore()) {
					chunks.next(parts);
					count++;
				}
				assertThat(parts.toByteArray()).as("%s in parts of %d", window, chunkBytes).isEqualTo(expected);
				assertThat(count).isLessThanOrEqualTo(selection.count() + 2);
			}
		}
	}

	@Test
	void theWholeTableStreamsWithBoundedAllocation() throws Exception {
		TestData.clear();
		TestData.execute(
				"""
						INSERT INTO events (id, provider, base_plan_id, plan_id, title, sell_mode, ever_online, starts_at, ends_at,
						    min_price, max_price, zones, extra_attributes, content_hash, first_seen_at, last_seen_at,
						    last_changed_at, last_job_execution_id)
						SELECT gen_random_uuid(), 'fever', 'b' || i, 'p' || i, 'Plan de prueba numero ' || i, 'online', true,
						    timestamp '2021-01-01' + i * interval '7 minutes', timestamp '2021-01-01' + i * interval '7 minutes'
						    + interval '2 hours', 10 + i % 50, 60 + i % 50, '[]', '{}', sha256(i::text::bytea), now(), now(),
						    now(), 1
						FROM generate_series(1, 40000) i
						""");
		signalNewDataAndWait();
		EventSnapshot snapshot = this.snapshots.current();
		Selection all = snapshot.select(SearchWindow.UNBOUNDED);
		CountingDigest out = new CountingDigest();
		// Warm up (the first call loads classes), then measure this thread's allocations.
		snapshot.writeTo(snapshot.select(new SearchWindow(null, LocalDateTime.parse("2021-01-02T00:00:00"))), out);
		out = new CountingDigest();
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

		long before = threads.getCurrentThreadAllocatedBytes();
		snapshot.writeTo(all, out);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;

		assertThat(all.count()).isEqualTo(40000);
		assertThat(out.count).isEqualTo(all.length()).isGreaterThan(6_000_000);
		assertThat(allocated).as("bytes allocated while streaming %d bytes", out.count).isLessThan(64 * 1024);
		// And what was streamed is the database's answer.
		MessageDigest expected = MessageDigest.getInstance("SHA-256");
		expected.update(this.writer.write(this.repository.find(SearchWindow.UNBOUNDED)));
		assertThat(out.digest.digest()).isEqualTo(expected.digest());
	}

	private static SearchWindow window(String from, String to) {
		return new SearchWindow((from != null) ? LocalDateTime.parse(from) : null,
				(to != null) ? LocalDateTime.parse(to) : null);
	}

	private static final class CountingDigest extends OutputStream {

		private long count;

		private final MessageDigest digest;

		CountingDigest() {
			try {
				this.digest = MessageDigest.getInstance("SHA-256");
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void write(int b) {
			this.count++;
			this.digest.update((byte) b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.count += len;
			this.digest.update(b, off, len);
		}

	}

}
