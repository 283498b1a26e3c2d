package com.fever.plans.search;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fever.plans.search.support.Plan;
import com.fever.plans.search.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Imports replace the snapshot under load: every answer is complete and belongs to one
 * data set or the other, never a failure or a mix; and a database outage while a rebuild
 * is due keeps the last snapshot serving until the database is back.
 */
class SnapshotRebuildTest extends SearchApiTestBase {

	private static final String[] WINDOW = { "starts_at", "2021-01-01T00:00:00Z", "ends_at", "2021-12-31T00:00:00Z" };

	@AfterEach
	void restoreDatabase() {
		DATABASE_PROXY.restore();
	}

	@Test
	void importsSwapTheSnapshotWithoutAFailedOrMixedAnswer() throws Exception {
		List<Plan> first = plans("A", 300);
		List<Plan> second = plans("B", 200);
		importPlans(first);
		String bodyA = this.api.search(WINDOW).body();
		String allA = this.api.search().body();
		importPlans(second);
		String bodyB = this.api.search(WINDOW).body();
		String allB = this.api.search().body();
		assertThat(ids(this.api.search(WINDOW))).hasSize(200);

		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger answers = new AtomicInteger();
		Set<String> seen = ConcurrentHashMap.newKeySet();
		int clients = 8;
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<List<String>>> problems = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				boolean whole = c % 2 == 0;
				problems.add(pool.submit(() -> {
					List<String> wrong = new ArrayList<>();
					while (running.get()) {
						HttpResponse<String> response = whole ? this.api.search() : this.api.search(WINDOW);
						String body = response.body();
						answers.incrementAndGet();
						Map<String, String> known = whole ? Map.of(allA, "A", allB, "B")
								: Map.of(bodyA, "A", bodyB, "B");
						if (response.statusCode() != 200 || !known.containsKey(body)) {
							wrong.add(response.statusCode() + " " + body.length() + " bytes");
						}
						else {
							seen.add(known.get(body));
						}
					}
					return wrong;
				}));
			}
			for (int round = 0; round < 6; round++) {
				importPlans((round % 2 == 0) ? first : second);
				int at = answers.get();
				await().atMost(Duration.ofSeconds(10)).until(() -> answers.get() > at + 20);
			}
			running.set(false);
			for (Future<List<String>> wrong : problems) {
				assertThat(wrong.get()).isEmpty();
			}
		}
		finally {
			running.set(false);
			pool.shutdownNow();
		}
		assertThat(seen).containsExactlyInAnyOrder("A", "B");
		assertThat(this.registry.get("plans.search.snapshot.builds").timer().count()).isGreaterThanOrEqualTo(8);
	}

	@Test
	void aDatabaseOutageWhileARebuildIsDueKeepsTheLastSnapshotAndRecovers() {
		importPlans(plans("A", 50));
		long loaded = this.snapshots.current().dataVersion();
		DATABASE_PROXY.cut();
		// New data committed while the service cannot reach the database: the version is
		// reported (as a poll or notification would) but the rebuild cannot read it.
		TestData.upsert(plans("C", 10));
		long version = TestData.bumpVersionSilently();
		this.dataVersion.observe(version, "test");

		for (int i = 0; i < 20; i++) {
			HttpResponse<String> anyWindow = this.api.search("starts_at",
					"2021-01-0" + (1 + i % 9) + "T00:00:0" + (i % 10) + "Z");
			assertThat(anyWindow.statusCode()).isEqualTo(200);
		}
		assertThat(ids(this.api.search(WINDOW))).hasSize(50);
		assertThat(this.snapshots.current().dataVersion()).isEqualTo(loaded);
		assertThat(json(this.api.getRaw("/actuator/health/readiness")).get("status").asString()).isEqualTo("UP");

		DATABASE_PROXY.restore();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.snapshots.isAtLeast(version));
		assertThat(ids(this.api.search(WINDOW))).hasSize(60);
	}

	static List<Plan> plans(String prefix, int count) {
		List<Plan> plans = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String start = "2021-%02d-%02dT%02d:00:00".formatted(1 + i % 12, 1 + i % 28, i % 20);
			String end = "2021-%02d-%02dT%02d:30:00".formatted(1 + i % 12, 1 + i % 28, i % 20 + 1);
			plans.add(Plan.of(prefix, Integer.toString(i), "Plan " + prefix + " " + i, "online", true, start, end,
					Integer.toString(i % 40), Integer.toString(40 + i % 40)));
		}
		return plans;
	}

}
