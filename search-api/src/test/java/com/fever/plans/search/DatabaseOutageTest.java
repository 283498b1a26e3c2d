package com.fever.plans.search;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fever.plans.search.support.Fixtures;
import com.fever.plans.search.support.Plan;
import com.fever.plans.search.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away (the proxy in front of it closes every connection): cached keys
 * keep being served, other keys fail fast with the contract's 500 body, and the service
 * recovers by itself when the database is back.
 */
@DatabasePath
class DatabaseOutageTest extends SearchApiTestBase {

	private static final String[] CACHED = { "starts_at", "2021-01-01T00:00:00Z", "ends_at", "2022-01-01T00:00:00Z" };

	@BeforeEach
	void importAndCacheOneKey() {
		importPlans(Fixtures.AFTER_ANSWERS_1_2_3);
		assertThat(this.api.search(CACHED).statusCode()).isEqualTo(200);
	}

	@AfterEach
	void restoreDatabase() {
		DATABASE_PROXY.restore();
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.api.search("ends_at", "2100-01-01T00:00:00Z").statusCode() == 200);
	}

	@Test
	void cachedKeysAreServedAndOthersFailFast() throws Exception {
		DATABASE_PROXY.cut();

		long started = System.nanoTime();
		HttpResponse<String> cached = this.api.search(CACHED);
		Duration cachedTime = Duration.ofNanos(System.nanoTime() - started);
		assertThat(cached.statusCode()).isEqualTo(200);
		assertThat(ids(cached)).hasSize(4);
		assertThat(cachedTime).isLessThan(Duration.ofMillis(300));

		for (int i = 0; i < 5; i++) {
			started = System.nanoTime();
			HttpResponse<String> uncached = this.api.search("starts_at", "2021-0" + (i + 1) + "-01T00:00:00Z");
			Duration uncachedTime = Duration.ofNanos(System.nanoTime() - started);
			assertThat(uncached.statusCode()).isEqualTo(500);
			assertThat(json(uncached).get("error").get("code").asString()).isEqualTo("unavailable");
			assertThat(uncached.body()).doesNotContain("Exception");
			assertThat(uncachedTime).as("uncached answer time").isLessThan(Duration.ofMillis(800));
		}
	}

	@Test
	void manyConcurrentUncachedRequestsAllFailFast() throws Exception {
		DATABASE_PROXY.cut();
		int clients = 48;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<long[]>> results = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				String startsAt = "2021-01-01T00:00:%02dZ".formatted(i);
				Callable<long[]> call = () -> {
					start.await();
					long t0 = System.nanoTime();
					int status = this.api.search("starts_at", startsAt).statusCode();
					return new long[] { status, (System.nanoTime() - t0) / 1_000_000 };
				};
				results.add(pool.submit(call));
			}
			long t0 = System.nanoTime();
			start.countDown();
			for (Future<long[]> result : results) {
				long[] statusAndMillis = result.get();
				assertThat(statusAndMillis[0]).isEqualTo(500);
				assertThat(statusAndMillis[1]).as("one answer's time, ms").isLessThan(900);
			}
			assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
			// The cached key is still served under that load.
			assertThat(this.api.search(CACHED).statusCode()).isEqualTo(200);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void recoversWithoutRestartAndListensAgain() {
		DATABASE_PROXY.cut();
		assertThat(this.api.search("starts_at", "2021-04-01T00:00:00Z").statusCode()).isEqualTo(500);

		DATABASE_PROXY.restore();

		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.search("starts_at", "2021-04-01T00:00:00Z").statusCode() == 200);
		// The LISTEN connection came back too: a new import still invalidates the cache.
		await().atMost(Duration.ofSeconds(5)).until(this.listener::isListening);
		TestData.upsert(List.of(Plan.of("980", "1", "Tras la caida", "online", true, "2021-11-01T20:00:00",
				"2021-11-01T21:00:00", "3", "4")));
		TestData.signalNewData();
		await().atMost(Duration.ofSeconds(2)).until(() -> ids(this.api.search(CACHED)).size() == 5);
	}

}
