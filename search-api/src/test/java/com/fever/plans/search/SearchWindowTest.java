package com.fever.plans.search;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fever.plans.search.support.Fixtures;
import com.fever.plans.search.support.Plan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.fever.plans.search.support.Fixtures.CAMELA;
import static com.fever.plans.search.support.Fixtures.MORANCOS;
import static com.fever.plans.search.support.Fixtures.PANTOMIMA_1642;
import static com.fever.plans.search.support.Fixtures.PANTOMIMA_1643;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window's edges: a plan matches when it starts at or after {@code starts_at} and
 * ends at or before {@code ends_at}; the provider's times are read in the configured zone
 * (UTC here).
 */
class SearchWindowTest extends SearchApiTestBase {

	static final Plan ACROSS_MIDNIGHT = Plan.of("900", "1", "Noche en vela", "online", true, "2021-03-05T23:30:00",
			"2021-03-06T01:30:00", "10.00", "20.00");

	static final Plan NO_ZONES = Plan.of("901", "1", "Ensayo abierto", "online", true, "2021-03-10T18:00:00",
			"2021-03-10T19:00:00", null, null);

	static final Plan SAME_START_A = Plan.of("902", "1", "Doble sesion A", "online", true, "2021-03-20T12:00:00",
			"2021-03-20T13:00:00", "5", "5");

	static final Plan SAME_START_B = Plan.of("903", "1", "Doble sesion B", "online", true, "2021-03-20T12:00:00",
			"2021-03-20T12:30:00", "7.5", "9");

	@BeforeEach
	void importPlans() {
		List<Plan> plans = new ArrayList<>(Fixtures.AFTER_ANSWERS_1_2_3);
		plans.addAll(List.of(ACROSS_MIDNIGHT, NO_ZONES, SAME_START_A, SAME_START_B));
		importPlans(plans);
	}

	@Test
	void boundsAreInclusive() {
		HttpResponse<String> exact = this.api.search("starts_at", "2021-02-10T20:00:00Z", "ends_at",
				"2021-02-10T21:30:00Z");

		assertThat(ids(exact)).isEqualTo(idsOf(PANTOMIMA_1642));
	}

	@Test
	void aSecondInsideEitherBoundExcludesThePlan() {
		assertThat(ids(this.api.search("starts_at", "2021-02-10T20:00:01Z", "ends_at", "2021-02-10T21:30:00Z")))
			.isEmpty();
		assertThat(ids(this.api.search("starts_at", "2021-02-10T20:00:00Z", "ends_at", "2021-02-10T21:29:59Z")))
			.isEmpty();
		assertThat(ids(this.api.search("starts_at", "2021-02-10T20:00:00.000001Z", "ends_at", "2021-02-10T21:30:00Z")))
			.isEmpty();
	}

	@Test
	void aWindowCatchingOnlyPartOfAPlanDoesNotReturnIt() {
		// Camela runs 21:00-22:00: each window holds only one end of it.
		assertThat(ids(this.api.search("starts_at", "2021-06-30T20:00:00Z", "ends_at", "2021-06-30T21:30:00Z")))
			.isEmpty();
		assertThat(ids(this.api.search("starts_at", "2021-06-30T21:30:00Z", "ends_at", "2021-06-30T23:00:00Z")))
			.isEmpty();
		assertThat(ids(this.api.search("starts_at", "2021-06-30T20:00:00Z", "ends_at", "2021-06-30T23:00:00Z")))
			.isEqualTo(idsOf(CAMELA));
	}

	@Test
	void missingBoundsAreOpen() {
		assertThat(ids(this.api.search())).hasSize(8);
		assertThat(ids(this.api.search("starts_at", "2021-06-01T00:00:00Z"))).isEqualTo(idsOf(CAMELA, MORANCOS));
		assertThat(ids(this.api.search("ends_at", "2021-02-11T21:30:00Z")))
			.isEqualTo(idsOf(PANTOMIMA_1642, PANTOMIMA_1643));
	}

	@Test
	void emptyWindowsReturnAnEmptyList() {
		HttpResponse<String> instant = this.api.search("starts_at", "2021-05-01T00:00:00Z", "ends_at",
				"2021-05-01T00:00:00Z");
		HttpResponse<String> future = this.api.search("starts_at", "2030-01-01T00:00:00Z");

		assertThat(instant.statusCode()).isEqualTo(200);
		assertThat(instant.body()).isEqualTo("{\"data\":{\"events\":[]},\"error\":null}");
		assertThat(ids(future)).isEmpty();
	}

	@Test
	void plansAcrossMidnightKeepTheirOwnDates() {
		HttpResponse<String> night = this.api.search("starts_at", "2021-03-05T23:00:00Z", "ends_at",
				"2021-03-06T02:00:00Z");
		HttpResponse<String> untilMidnight = this.api.search("starts_at", "2021-03-05T23:00:00Z", "ends_at",
				"2021-03-06T00:00:00Z");

		List<JsonNode> events = events(night);
		assertThat(events).hasSize(1);
		assertThat(events.get(0).get("start_date").asString()).isEqualTo("2021-03-05");
		assertThat(events.get(0).get("start_time").asString()).isEqualTo("23:30:00");
		assertThat(events.get(0).get("end_date").asString()).isEqualTo("2021-03-06");
		assertThat(events.get(0).get("end_time").asString()).isEqualTo("01:30:00");
		assertThat(ids(untilMidnight)).isEmpty();
	}

	@Test
	void aPlanWithoutZonesHasNullPrices() {
		List<JsonNode> events = events(
				this.api.search("starts_at", "2021-03-10T00:00:00Z", "ends_at", "2021-03-11T00:00:00Z"));

		assertThat(events).hasSize(1);
		assertThat(events.get(0).get("id").asString()).isEqualTo(NO_ZONES.id().toString());
		assertThat(events.get(0).has("min_price")).isTrue();
		assertThat(events.get(0).get("min_price").isNull()).isTrue();
		assertThat(events.get(0).get("max_price").isNull()).isTrue();
	}

	@Test
	void offsetsAreInstantsAndMissingOffsetsAreTheConfiguredZone() {
		List<String> expected = idsOf(PANTOMIMA_1642);

		assertThat(
				ids(this.api.search("starts_at", "2021-02-10T22:00:00+02:00", "ends_at", "2021-02-10T16:30:00-05:00")))
			.isEqualTo(expected);
		assertThat(ids(this.api.search("starts_at", "2021-02-10T20:00:00", "ends_at", "2021-02-10T21:30:00")))
			.isEqualTo(expected);
		// An unencoded "+" arrives as a space.
		assertThat(ids(this.api.get("/search?starts_at=2021-02-10T22:00:00+02:00&ends_at=2021-02-10T21:30:00Z")))
			.isEqualTo(expected);
		assertThat(ids(this.api.search("starts_at", "2021-02-10t20:00:00z", "ends_at", "2021-02-10T21:30:00.000Z")))
			.isEqualTo(expected);
	}

	@Test
	void orderedByStartThenIdOnEveryCall() {
		List<JsonNode> events = events(this.api.search());
		List<JsonNode> sorted = new ArrayList<>(events);
		// PostgreSQL orders uuids by their bytes, i.e. by their lowercase hex text.
		sorted.sort(Comparator
			.comparing((JsonNode e) -> e.get("start_date").asString() + "T" + e.get("start_time").asString())
			.thenComparing((e) -> e.get("id").asString()));

		assertThat(events).isEqualTo(sorted);
		List<String> sameStart = ids(
				this.api.search("starts_at", "2021-03-20T12:00:00Z", "ends_at", "2021-03-20T13:00:00Z"));
		assertThat(sameStart).containsExactlyInAnyOrderElementsOf(idsOf(SAME_START_A, SAME_START_B));
		// PostgreSQL orders uuids by their bytes, i.e. by their lowercase hex text.
		assertThat(sameStart).isSorted();
	}

}
