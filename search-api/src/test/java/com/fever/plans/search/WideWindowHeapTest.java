package com.fever.plans.search;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fever.plans.search.support.TestData;
import com.fever.plans.search.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Very wide windows with the container image's heap: the application runs in its own JVM
 * with {@code -Xmx576m} over 100,000 plans, and 64 concurrent windows over the whole
 * table, each a different key, all get their full answer (about 15 MB each, 1 GB in all),
 * because each is streamed from the one shared snapshot rather than built per request.
 */
class WideWindowHeapTest {

	private static final int CLIENTS = 64;

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static Process application;

	private static int port;

	@BeforeAll
	static void startTheApplicationWithTheImagesHeap() throws Exception {
		TestData.clear();
		TestData.execute(
				"""
						INSERT INTO events (id, provider, base_plan_id, plan_id, title, sell_mode, ever_online, starts_at, ends_at,
						    min_price, max_price, zones, extra_attributes, content_hash, first_seen_at, last_seen_at,
						    last_changed_at, last_job_execution_id)
						SELECT gen_random_uuid(), 'fever', 'w' || i / 10, 'p' || i,
						    'Concierto de verano numero ' || i || ' en la sala ' || (i % 97), 'online', true,
						    timestamp '2021-01-01' + i * interval '10 minutes', timestamp '2021-01-01' + i * interval '10 minutes'
						    + interval '2 hours', 10 + i % 50, 60 + i % 50, '[]', '{}', sha256(i::text::bytea), now(), now(),
						    now(), 1
						FROM generate_series(1, 100000) i
						""");
		TestData.signalNewData();
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path log = Files.createTempFile("search-api-576m", ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		application = new ProcessBuilder(java, "-Xmx576m", "-XX:+ExitOnOutOfMemoryError", "-cp",
				System.getProperty("java.class.path"), SearchApiApplication.class.getName(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--spring.datasource.url=" + TestDatabase.DATABASE.url(),
				"--spring.datasource.username=" + TestDatabase.DATABASE.username(),
				"--spring.datasource.password=" + TestDatabase.DATABASE.password(),
				"--logging.level.plans.search.access=OFF")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		System.out.println("search-api -Xmx576m log: " + log);
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.until(() -> get("/actuator/health/readiness").statusCode() == 200 || !application.isAlive());
		assertThat(application.isAlive()).as("the application is running (see %s)", log).isTrue();
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (application != null) {
			application.destroy();
			application.waitFor();
		}
		TestData.clear();
	}

	@Test
	void sixtyFourConcurrentWholeTableWindowsAllGetTheirFullAnswer() throws Exception {
		Answer reference = fetch("/search");
		assertThat(reference.status()).isEqualTo(200);
		assertThat(reference.bytes()).isGreaterThan(14_000_000);

		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		List<Future<Answer>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < CLIENTS; i++) {
				// A different second each: every request is a different key.
				String path = "/search?starts_at=2020-12-31T23:59:%02dZ".formatted(i % 60)
						+ ((i >= 60) ? "&ends_at=2100-01-01T00:00:00Z" : "");
				answers.add(pool.submit(() -> {
					start.await();
					return fetch(path);
				}));
			}
			start.countDown();
			for (Future<Answer> answer : answers) {
				assertThat(answer.get()).isEqualTo(reference);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(application.isAlive()).isTrue();
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	private static Answer fetch(String path) throws IOException, InterruptedException {
		HttpResponse<InputStream> response = CLIENT.send(request(path), HttpResponse.BodyHandlers.ofInputStream());
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		long count = 0;
		byte[] buffer = new byte[65536];
		try (InputStream body = response.body()) {
			for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
				digest.update(buffer, 0, n);
				count += n;
			}
		}
		return new Answer(response.statusCode(), count, HexFormat.of().formatHex(digest.digest()));
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return CLIENT.send(request(path), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(120))
			.build();
	}

	record Answer(int status, long bytes, String sha256) {

	}

}
