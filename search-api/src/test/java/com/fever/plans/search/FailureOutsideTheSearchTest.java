package com.fever.plans.search;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fever.plans.search.support.ContractValidator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failure in what Spring WebFlux serves (here a web filter that fails) is answered by
 * the one WebFlux error handler with the contract's error body, no stack trace, and is
 * counted as a 500.
 */
class FailureOutsideTheSearchTest extends SearchApiTestBase {

	@Test
	void aFailingFilterGetsAJson500() {
		HttpResponse<String> response = this.api.get("/actuator/health?fail-in-filter=1", "Accept", "text/html");

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		ContractValidator.assertConforms(500, "application/json", null, response.body());
		assertThat(json(response).get("error").get("code").asString()).isEqualTo("internal_error");
		assertThat(response.body()).doesNotContain("IllegalStateException");
		// The filter records the request when its exchange completes, which may be just
		// after the client has read the answer.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.registry.find("http.server.requests").tags("status", "500").timers())
				.anySatisfy((timer) -> assertThat(timer.count()).isPositive()));
	}

	@TestConfiguration
	static class FailingFilter {

		@Bean
		WebFilter failingFilter() {
			return (exchange, chain) -> {
				if (exchange.getRequest().getQueryParams().containsKey("fail-in-filter")) {
					return Mono.error(new IllegalStateException("failed in a filter"));
				}
				return chain.filter(exchange);
			};
		}

	}

}
