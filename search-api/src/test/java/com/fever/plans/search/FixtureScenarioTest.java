package com.fever.plans.search;

import java.net.http.HttpResponse;
import java.util.List;

import com.fever.plans.search.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.fever.plans.search.support.Fixtures.CAMELA;
import static com.fever.plans.search.support.Fixtures.MORANCOS;
import static com.fever.plans.search.support.Fixtures.PANTOMIMA_1642;
import static com.fever.plans.search.support.Fixtures.PANTOMIMA_1643;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario of the provider fixtures' README: after importing answers 1, 2 and 3, the
 * year 2021 holds exactly four plans.
 */
class FixtureScenarioTest extends SearchApiTestBase {

	private static final String[] YEAR_2021 = { "starts_at", "2021-01-01T00:00:00Z", "ends_at",
			"2022-01-01T00:00:00Z" };

	@BeforeEach
	void importAnswers123() {
		importPlans(Fixtures.AFTER_ANSWERS_1_2_3);
	}

	@Test
	void year2021ReturnsExactlyTheFourPlansOfTheReadme() {
		HttpResponse<String> response = this.api.search(YEAR_2021);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		List<JsonNode> events = events(response);
		assertThat(events).hasSize(4);
		assertEvent(events.get(0), PANTOMIMA_1642.id().toString(), "Pantomima Full", "2021-02-10", "20:00:00",
				"2021-02-10", "21:30:00", "55.00", "55.00");
		assertEvent(events.get(1), PANTOMIMA_1643.id().toString(), "Pantomima Full", "2021-02-11", "20:00:00",
				"2021-02-11", "21:30:00", "55.00", "55.00");
		assertEvent(events.get(2), CAMELA.id().toString(), "Camela en concierto", "2021-06-30", "21:00:00",
				"2021-06-30", "22:00:00", "15.00", "30.00");
		assertEvent(events.get(3), MORANCOS.id().toString(), "Los Morancos", "2021-07-31", "20:00:00", "2021-07-31",
				"21:20:00", "65.00", "75.00");
		assertThat(json(response).get("error").isNull()).isTrue();
	}

	@Test
	void pricesAreJsonNumbers() {
		JsonNode first = events(this.api.search(YEAR_2021)).get(0);

		assertThat(first.get("min_price").isNumber()).isTrue();
		assertThat(first.get("max_price").isNumber()).isTrue();
	}

	@Test
	void sameIdsInTheSameOrderOnEveryCallAndAfterReImport() {
		HttpResponse<String> first = this.api.search(YEAR_2021);
		HttpResponse<String> second = this.api.search(YEAR_2021);
		// The import job upserts the same rows again: same name-based ids, new data
		// signal.
		importPlans(Fixtures.AFTER_ANSWERS_1_2_3);
		HttpResponse<String> afterReImport = this.api.search(YEAR_2021);

		List<String> expected = idsOf(PANTOMIMA_1642, PANTOMIMA_1643, CAMELA, MORANCOS);
		assertThat(ids(first)).isEqualTo(expected);
		assertThat(ids(second)).isEqualTo(expected);
		assertThat(ids(afterReImport)).isEqualTo(expected);
		assertThat(afterReImport.body()).isEqualTo(first.body());
	}

	@Test
	void neverOnlinePlansAreNeverReturned() {
		HttpResponse<String> all = this.api.search();

		assertThat(ids(all)).doesNotContain(Fixtures.NAVIDAD.id().toString()).hasSize(4);
	}

	private static void assertEvent(JsonNode event, String id, String title, String startDate, String startTime,
			String endDate, String endTime, String minPrice, String maxPrice) {
		assertThat(event.get("id").asString()).isEqualTo(id);
		assertThat(event.get("title").asString()).isEqualTo(title);
		assertThat(event.get("start_date").asString()).isEqualTo(startDate);
		assertThat(event.get("start_time").asString()).isEqualTo(startTime);
		assertThat(event.get("end_date").asString()).isEqualTo(endDate);
		assertThat(event.get("end_time").asString()).isEqualTo(endTime);
		assertThat(event.get("min_price").decimalValue()).isEqualByComparingTo(minPrice);
		assertThat(event.get("max_price").decimalValue()).isEqualByComparingTo(maxPrice);
	}

}
