package com.fever.plans.search;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets {@code 400} with the contract's error body and a message that says what
 * is wrong. Each query string is sent as is (already encoded).
 */
class BadRequestTest extends SearchApiTestBase {

	static Stream<Arguments> badInputs() {
		String longValue = "2021-01-01T00:00:00Z" + "0".repeat(2000);
		return Stream.of(Arguments.of("starts_at=yesterday", "starts_at is not an ISO-8601 date-time"),
				Arguments.of("ends_at=2021-13-01T00:00:00Z", "ends_at is not an ISO-8601 date-time"),
				Arguments.of("starts_at=2021-09-31T20:00:00", "starts_at is not an ISO-8601 date-time"),
				Arguments.of("starts_at=2021-02-30T00:00:00Z", "starts_at is not an ISO-8601 date-time"),
				Arguments.of("starts_at=2021-06-30", "starts_at is not an ISO-8601 date-time"),
				Arguments.of("starts_at=2021-06-30T25:00:00Z", "starts_at is not an ISO-8601 date-time"),
				Arguments.of("starts_at=2021-06-30T20:00:00%2B25:00", "starts_at is not an ISO-8601 date-time"),
				Arguments.of("starts_at=1624910400", "starts_at is not an ISO-8601 date-time"),
				Arguments.of("starts_at=%27%3B%20DROP%20TABLE%20events%3B--", "starts_at is not an ISO-8601"),
				Arguments.of("starts_at=2021-07-01T00:00:00Z&ends_at=2021-06-01T00:00:00Z",
						"starts_at must not be after ends_at"),
				Arguments.of("starts_at=2021-06-30T22:00:00%2B02:00&ends_at=2021-06-30T19:59:59Z",
						"starts_at must not be after ends_at"),
				Arguments.of("starts_at=2021-01-01T00:00:00Z&starts_at=2021-02-01T00:00:00Z",
						"starts_at is given 2 times"),
				Arguments.of("ends_at=2021-01-01T00:00:00Z&ends_at=2021-01-01T00:00:00Z&ends_at=x",
						"ends_at is given 3 times"),
				Arguments.of("starts_at=", "starts_at is empty"), Arguments.of("ends_at", "ends_at is empty"),
				Arguments.of("starts_at=" + longValue, "starts_at is 2020 characters long"),
				Arguments.of("starts_at=%2B10000-01-01T00:00:00Z", "starts_at"),
				Arguments.of("ends_at=0000-01-01T00:00:00Z", "ends_at must be between years 1 and 9999"),
				Arguments.of("utm_source=x&starts_at=", "starts_at is empty"),
				Arguments.of("_=1&starts_at=x&_=2", "starts_at is not an ISO-8601 date-time"),
				Arguments.of("starts_at=%FF", "not valid percent-encoded UTF-8"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badInputs")
	void answers400WithTheContractsErrorBody(String query, String expectedMessage) {
		HttpResponse<String> response = this.api.get("/search?" + query);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonNode body = json(response);
		assertThat(body.get("data").isNull()).isTrue();
		assertThat(body.get("error").get("code").asString()).isEqualTo("invalid_parameter");
		assertThat(body.get("error").get("message").asString()).contains(expectedMessage);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at com.");
		assertThat(response.body().length()).isLessThan(400);
	}

}
