package com.fever.plans.batch.job;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.support.Awaits;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers during an import see the data before it or after it, never a mix: the load goes
 * to {@code import_staging}, and the merge publishes the whole run in one transaction. A
 * completed run leaves nothing staged.
 */
class AtomicPublishTest extends ImportIntegrationTest {

	private static final int BASE_PLANS = 600;

	private static final long LOCK = 4_242_002L;

	private static final String READ = """
			SELECT (SELECT sum(min_price) || '/' || sum(max_price) || '/' || count(*) FROM events),
			       (SELECT count(*) FROM import_staging)
			""";

	private final ExecutorService readers = Executors.newFixedThreadPool(4);

	@AfterEach
	void stop() throws InterruptedException {
		this.readers.shutdownNow();
		this.readers.awaitTermination(10, TimeUnit.SECONDS);
		this.jdbc.execute("DROP TRIGGER IF EXISTS pause_import ON import_staging");
	}

	@Test
	void readersSeeTheOldOrTheNewDataNeverAMix() throws Exception {
		assertThat(importFeed(Feeds.generated(BASE_PLANS, 3, 0))).isEqualTo(ImportExitCode.COMPLETED);
		String before = answer();
		byte[] everyPriceChanged = Feeds.generated(BASE_PLANS, 3, 1);

		Set<String> seen = ConcurrentHashMap.newKeySet();
		AtomicLong seenWhileStaged = new AtomicLong();
		AtomicBoolean importDone = new AtomicBoolean();
		CountDownLatch started = new CountDownLatch(3);
		List<Future<Long>> readerResults = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			readerResults.add(this.readers.submit(() -> {
				long reads = 0;
				try (Connection connection = DriverManager.getConnection(database().url(), database().username(),
						database().password()); Statement statement = connection.createStatement()) {
					// Keep reading until the import is done, then once more.
					boolean last = false;
					while (!last) {
						last = importDone.get();
						try (ResultSet result = statement.executeQuery(READ)) {
							result.next();
							seen.add(result.getString(1));
							if (result.getLong(2) > 0) {
								seenWhileStaged.incrementAndGet();
							}
						}
						if (++reads == 1) {
							started.countDown();
						}
					}
				}
				return reads;
			}));
		}
		started.await();

		// Halfway through the load, the run pauses until readers have looked at it.
		try (Connection holder = DriverManager.getConnection(database().url(), database().username(),
				database().password()); Statement lock = holder.createStatement()) {
			lock.execute("SELECT pg_advisory_lock(" + LOCK + ")");
			this.jdbc.execute("""
					CREATE OR REPLACE FUNCTION pause_import() RETURNS trigger LANGUAGE plpgsql AS $$
					BEGIN
					    IF NEW.base_plan_id = '%d' THEN
					        PERFORM pg_advisory_xact_lock_shared(%d);
					    END IF;
					    RETURN NEW;
					END $$;
					CREATE TRIGGER pause_import BEFORE INSERT ON import_staging FOR EACH ROW
					EXECUTE FUNCTION pause_import();
					""".formatted(BASE_PLANS / 2, LOCK));
			provider.enqueue(Answer.xml(everyPriceChanged));
			Future<ImportExitCode> run = this.readers.submit(() -> this.launcher.runOnce());
			Awaits.until("the load to pause halfway", () -> seenWhileStaged.get() >= 3,
					() -> run.isDone() ? "the import ended before pausing: " + futureResult(run) : null);
			assertThat(answer()).as("mid-load, readers see the data before the run").isEqualTo(before);
			lock.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
			assertThat(run.get(2, TimeUnit.MINUTES)).isEqualTo(ImportExitCode.COMPLETED);
		}
		importDone.set(true);
		for (Future<Long> reader : readerResults) {
			assertThat(reader.get(1, TimeUnit.MINUTES)).isPositive();
		}
		String after = answer();

		assertThat(after).isNotEqualTo(before);
		assertThat(seen).containsExactlyInAnyOrder(before, after);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM import_staging", Long.class))
			.as("a completed run leaves nothing staged")
			.isZero();
	}

	@Test
	void aCompletedRunWithRejectsLeavesNothingStaged() {
		assertThat(importFeed(Feeds.answer(1))).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);

		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM import_staging", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM import_rejects", Long.class)).isOne();
		assertThat(this.jdbc.queryForObject("SELECT sum(min_price) FROM events", BigDecimal.class)).isNotNull();
	}

	private String answer() {
		return this.jdbc.queryForObject("SELECT sum(min_price) || '/' || sum(max_price) || '/' || count(*) FROM events",
				String.class);
	}

	private static String futureResult(Future<?> future) {
		try {
			return String.valueOf(future.get());
		}
		catch (Exception ex) {
			return ex.toString();
		}
	}

}
