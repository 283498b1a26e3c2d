package com.fever.plans.search;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fever.plans.search.freshness.DataChangeListener;
import com.fever.plans.search.freshness.DataVersion;
import com.fever.plans.search.snapshot.SearchSnapshots;
import com.fever.plans.search.support.Api;
import com.fever.plans.search.support.Plan;
import com.fever.plans.search.support.TcpProxy;
import com.fever.plans.search.support.TestData;
import com.fever.plans.search.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * The application context the integration tests share (same configuration, so Spring's
 * test context cache starts it once): the real application on a random port, reading the
 * real PostgreSQL through a {@link TcpProxy} that outage tests can cut. It answers from
 * the in-memory snapshot; tests annotated {@link DatabasePath} share a second context
 * that answers from PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SearchApiTestBase {

	protected static final TcpProxy DATABASE_PROXY;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static {
		URI server = TestDatabase.serverAddress();
		DATABASE_PROXY = new TcpProxy(server.getHost(), server.getPort());
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestDatabase.urlThroughPort(DATABASE_PROXY.port()));
		registry.add("spring.datasource.username", TestDatabase.DATABASE::username);
		registry.add("spring.datasource.password", TestDatabase.DATABASE::password);
		// Invalidation in tests must come from NOTIFY; the poll fallback is tested by
		// calling the poller directly.
		registry.add("plans.search.poll-interval", () -> "1h");
		registry.add("plans.search.listener-max-backoff", () -> "200ms");
		registry.add("plans.search.fail-fast-window", () -> "500ms");
	}

	@Value("${local.server.port}")
	protected int port;

	@Autowired
	protected DataVersion dataVersion;

	@Autowired
	protected DataChangeListener listener;

	@Autowired
	protected MeterRegistry registry;

	@Autowired
	protected SearchSnapshots snapshots;

	protected Api api;

	@BeforeEach
	void connectApi() {
		this.api = new Api(this.port);
		await().atMost(Duration.ofSeconds(15)).until(this.listener::isListening);
	}

	/**
	 * Replaces every event with the plans and signals new data like the import job, then
	 * waits until the application has seen the signal.
	 * @param plans the plans
	 */
	protected void importPlans(Collection<Plan> plans) {
		TestData.clear();
		TestData.upsert(plans);
		signalNewDataAndWait();
	}

	/**
	 * Signals new data like the import job and waits until the application answers from
	 * it (the version seen, and the snapshot of it loaded when answering from one).
	 * @return the new version
	 */
	protected long signalNewDataAndWait() {
		long version = TestData.signalNewData();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.dataVersion.current() >= version && this.snapshots.isAtLeast(version));
		return version;
	}

	protected double databaseQueries() {
		return this.registry.get("plans.search.db.queries").timer().count();
	}

	protected static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	protected static List<JsonNode> events(HttpResponse<String> response) {
		List<JsonNode> events = new ArrayList<>();
		json(response).get("data").get("events").forEach(events::add);
		return events;
	}

	protected static List<String> ids(HttpResponse<String> response) {
		return events(response).stream().map((event) -> event.get("id").asString()).toList();
	}

	protected static List<String> idsOf(Plan... plans) {
		return java.util.Arrays.stream(plans).map((plan) -> plan.id().toString()).toList();
	}

}
