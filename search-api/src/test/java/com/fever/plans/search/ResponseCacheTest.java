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

import com.fever.plans.search.freshness.DataVersionPoller;
import com.fever.plans.search.support.Fixtures;
import com.fever.plans.search.support.Plan;
import com.fever.plans.search.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The response cache: a hit never reaches the database, one query per key at a time, and
 * new data invalidates it (by notification, or by polling when one is lost).
 */
@DatabasePath
class ResponseCacheTest extends SearchApiTestBase {

	private static final Plan EXTRA = Plan.of("970", "1", "Recien llegado", "online", true, "2021-10-01T20:00:00",
			"2021-10-01T22:00:00", "12.00", "18.00");

	@Autowired
	private DataVersionPoller poller;

	@BeforeEach
	void importAnswers123() {
		importPlans(Fixtures.AFTER_ANSWERS_1_2_3);
	}

	@Test
	void aHitSkipsTheDatabase() {
		double before = databaseQueries();
		HttpResponse<String> miss = this.api.search("starts_at", "2021-02-01T00:00:00Z");
		double afterMiss = databaseQueries();
		HttpResponse<String> hit = this.api.search("starts_at", "2021-02-01T00:00:00Z");
		// Equal instants written differently are the same key.
		HttpResponse<String> sameInstant = this.api.search("starts_at", "2021-02-01T01:00:00+01:00");

		assertThat(afterMiss).isEqualTo(before + 1);
		assertThat(databaseQueries()).isEqualTo(afterMiss);
		assertThat(hit.body()).isEqualTo(miss.body());
		assertThat(sameInstant.body()).isEqualTo(miss.body());
		assertThat(
				this.registry.get("cache.gets").tag("cache", "search").tag("result", "hit").functionCounter().count())
			.isPositive();
	}

	@Test
	void unknownParametersAreIgnoredAndNeverSplitTheCache() {
		HttpResponse<String> plain = this.api.search("starts_at", "2021-02-02T00:00:00Z");
		double afterFirst = databaseQueries();

		HttpResponse<String> cacheBuster = this.api.search("starts_at", "2021-02-02T00:00:00Z", "_", "1700000000");
		HttpResponse<String> tracked = this.api.search("utm_source", "newsletter", "starts_at", "2021-02-02T00:00:00Z",
				"utm_campaign", "a");

		assertThat(cacheBuster.statusCode()).isEqualTo(200);
		assertThat(tracked.statusCode()).isEqualTo(200);
		assertThat(cacheBuster.body()).isEqualTo(plain.body());
		assertThat(tracked.body()).isEqualTo(plain.body());
		assertThat(tracked.headers().firstValue("ETag")).isEqualTo(plain.headers().firstValue("ETag"));
		assertThat(databaseQueries()).isEqualTo(afterFirst);
	}

	@Test
	void concurrentRequestsForOneKeyRunOneQuery() throws Exception {
		double before = databaseQueries();
		int clients = 32;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				Callable<HttpResponse<String>> call = () -> {
					start.await();
					return this.api.search("starts_at", "2021-03-01T00:00:00Z", "ends_at", "2021-12-01T00:00:00Z");
				};
				responses.add(pool.submit(call));
			}
			start.countDown();
			for (Future<HttpResponse<String>> response : responses) {
				assertThat(response.get().statusCode()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(databaseQueries()).isEqualTo(before + 1);
	}

	@Test
	void anImportSignalInvalidatesWithinASecond() {
		assertThat(ids(this.api.search())).hasSize(4);
		TestData.upsert(List.of(EXTRA));
		// Committed but not signalled yet: the cached answer stands.
		assertThat(ids(this.api.search())).hasSize(4);

		long signalled = System.nanoTime();
		TestData.signalNewData();
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> ids(this.api.search()).size() == 5);

		assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void pollingCatchesALostNotification() {
		assertThat(ids(this.api.search())).hasSize(4);
		TestData.upsert(List.of(EXTRA));
		long version = TestData.bumpVersionSilently();

		this.poller.poll();

		assertThat(this.dataVersion.current()).isEqualTo(version);
		assertThat(ids(this.api.search())).hasSize(5);
	}

}
