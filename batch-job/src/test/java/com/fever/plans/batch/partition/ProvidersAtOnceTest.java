package com.fever.plans.batch.partition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.support.FakeProvider;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four providers whose imports really run at the same time, with the shipped pool and job
 * repository settings: every provider's answer is held until all four fetches have
 * started, so four imports hold their run lock, their job execution and their fetch step
 * together. make bench's 4-providers row found both failures this guards against: a
 * Hikari pool of 4 starved the imports into connection timeouts, and serializable
 * job-execution creation failed one of four launches.
 */
class ProvidersAtOnceTest extends ImportIntegrationTest {

	static final List<FakeProvider> SERVERS;

	static {
		try {
			SERVERS = List.of(new FakeProvider(), new FakeProvider(), new FakeProvider(), new FakeProvider());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Autowired
	ImportRuns runs;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		for (int i = 0; i < SERVERS.size(); i++) {
			String prefix = "plans.providers[" + i + "].";
			FakeProvider server = SERVERS.get(i);
			registry.add(prefix + "name", () -> "p" + SERVERS.indexOf(server));
			registry.add(prefix + "url", () -> server.url().toString());
			registry.add(prefix + "read-timeout", () -> "60s");
			registry.add(prefix + "deadline", () -> "2m");
			registry.add(prefix + "retry.max-attempts", () -> "1");
		}
	}

	@Test
	void fourProvidersImportTogether() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		for (FakeProvider server : SERVERS) {
			server.reset();
			server.always(Answer.heldUntil(release, Feeds.answer(1)));
		}
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<ImportExitCode> run = executor.submit(() -> this.launcher.runDefault());
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (SERVERS.stream().anyMatch((server) -> server.requests() == 0) && !run.isDone()
					&& System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(SERVERS).as("every provider is being fetched at the same time")
				.allMatch((server) -> server.requests() == 1);
			release.countDown();
			assertThat(run.get(2, TimeUnit.MINUTES).isSuccess()).isTrue();
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
		for (int i = 0; i < SERVERS.size(); i++) {
			assertThat(this.runs.lastRuns("p" + i, 10)).extracting(ImportRuns.Run::status).containsExactly("COMPLETED");
		}
		Map<String, Long> events = new TreeMap<>();
		this.jdbc.query("SELECT provider, count(*) FROM events GROUP BY provider",
				(RowCallbackHandler) (rs) -> events.put(rs.getString(1), rs.getLong(2)));
		assertThat(events).containsOnlyKeys("p0", "p1", "p2", "p3");
		assertThat(events.values()).containsOnly(events.get("p0"));
	}

}
