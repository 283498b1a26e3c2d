package com.fever.plans.search;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator: liveness and readiness probes, and Prometheus metrics with the cache's hit
 * ratio and the request latency.
 */
class OperationsTest extends SearchApiTestBase {

	@Test
	void livenessAndReadinessAreUp() {
		HttpResponse<String> liveness = this.api.getRaw("/actuator/health/liveness");
		HttpResponse<String> readiness = this.api.getRaw("/actuator/health/readiness");

		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(json(liveness).get("status").asString()).isEqualTo("UP");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(json(readiness).get("status").asString()).isEqualTo("UP");
	}

	@Test
	void prometheusExposesCacheAndLatencyMetrics() {
		this.api.search("starts_at", "2021-01-01T00:00:00Z");
		this.api.search("starts_at", "2021-01-01T00:00:00Z");

		HttpResponse<String> metrics = this.api.getRaw("/actuator/prometheus");

		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("plans_search_cache_hit_ratio")
			.contains("cache_gets_total{application=\"search-api\",cache=\"search\",result=\"hit\"}")
			.contains("plans_search_cache_weight_bytes")
			.contains("plans_search_db_queries_seconds_count")
			.contains("http_server_requests_seconds_bucket")
			.contains("uri=\"/search\"")
			.contains("plans_search_snapshot_bytes")
			.contains("plans_search_snapshot_events")
			.contains("plans_search_snapshot_data_version")
			.contains("plans_search_snapshot_age_seconds")
			.contains("plans_search_snapshot_active{application=\"search-api\"} 1.0")
			.contains("plans_search_snapshot_builds_seconds_count");
	}

	@Test
	void healthSaysTheSearchIsAnsweredFromTheSnapshot() {
		importPlans(com.fever.plans.search.support.Fixtures.AFTER_ANSWERS_1_2_3);

		tools.jackson.databind.JsonNode snapshot = json(this.api.getRaw("/actuator/health")).get("components")
			.get("searchSnapshot");

		assertThat(snapshot.get("status").asString()).isEqualTo("UP");
		assertThat(snapshot.get("details").get("answeredFrom").asString()).isEqualTo("snapshot");
		assertThat(snapshot.get("details").get("events").asInt()).isEqualTo(4);
		assertThat(snapshot.get("details").get("bytes").asLong()).isPositive();
		assertThat(snapshot.get("details").get("dataVersion").asLong()).isEqualTo(this.dataVersion.current());
	}

}
