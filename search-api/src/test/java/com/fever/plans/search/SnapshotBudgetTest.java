package com.fever.plans.search;

import java.net.http.HttpResponse;

import com.fever.plans.search.snapshot.SearchSnapshots;
import com.fever.plans.search.support.TestData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table larger than the snapshot's memory budget is answered from PostgreSQL, and the
 * health details and metrics say so; when it fits again, the snapshot is back.
 */
@TestPropertySource(properties = "plans.search.snapshot-max-size=2MB")
class SnapshotBudgetTest extends SearchApiTestBase {

	@Test
	void aTableOverTheBudgetIsAnsweredFromTheDatabase() {
		importPlans(SnapshotRebuildTest.plans("A", 100));
		assertThat(this.snapshots.mode()).isEqualTo(SearchSnapshots.Mode.SNAPSHOT);
		assertThat(detail("answeredFrom")).isEqualTo("snapshot");

		// 30,000 plans of about 100 bytes each: more than 2 MB.
		TestData.execute(
				"""
						INSERT INTO events (id, provider, base_plan_id, plan_id, title, sell_mode, ever_online, starts_at, ends_at,
						    min_price, max_price, zones, extra_attributes, content_hash, first_seen_at, last_seen_at,
						    last_changed_at, last_job_execution_id)
						SELECT gen_random_uuid(), 'fever', 'big' || i, 'p' || i, 'Plan grande ' || i, 'online', true,
						    timestamp '2022-01-01' + i * interval '7 minutes', timestamp '2022-01-01' + i * interval '7 minutes'
						    + interval '2 hours', 10, 20, '[]', '{}', sha256(i::text::bytea), now(), now(), now(), 1
						FROM generate_series(1, 30000) i
						""");
		signalNewDataAndWait();
		double queriesBefore = databaseQueries();

		HttpResponse<String> year = this.api.search("starts_at", "2021-01-01T00:00:00Z", "ends_at",
				"2022-01-01T00:00:00Z");

		assertThat(this.snapshots.mode()).isEqualTo(SearchSnapshots.Mode.DATABASE);
		assertThat(this.snapshots.current()).isNull();
		assertThat(ids(year)).hasSize(100);
		assertThat(databaseQueries()).isEqualTo(queriesBefore + 1);
		assertThat(detail("answeredFrom")).isEqualTo("database");
		assertThat(detail("reason")).contains("does not fit");
		assertThat(this.registry.get("plans.search.snapshot.active").gauge().value()).isZero();
		assertThat(json(this.api.getRaw("/actuator/health/readiness")).get("status").asString()).isEqualTo("UP");

		importPlans(SnapshotRebuildTest.plans("A", 100));

		assertThat(this.snapshots.mode()).isEqualTo(SearchSnapshots.Mode.SNAPSHOT);
		assertThat(this.registry.get("plans.search.snapshot.active").gauge().value()).isOne();
		assertThat(this.api.search("starts_at", "2021-01-01T00:00:00Z", "ends_at", "2022-01-01T00:00:00Z").body())
			.isEqualTo(year.body());
	}

	private String detail(String name) {
		JsonNode health = json(this.api.getRaw("/actuator/health"));
		return health.get("components").get("searchSnapshot").get("details").get(name).asString();
	}

}
