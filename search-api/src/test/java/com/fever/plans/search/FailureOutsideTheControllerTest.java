package com.fever.plans.search;

import java.net.http.HttpResponse;

import com.fever.plans.search.support.ContractValidator;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure outside Spring MVC (here a servlet filter; in production a container error)
 * never reaches the controller advice: Tomcat's error valve, ours, still answers with the
 * contract's error body and no stack trace.
 */
class FailureOutsideTheControllerTest extends SearchApiTestBase {

	@Test
	void aFilterThatFailsGetsAJson500() {
		HttpResponse<String> response = this.api.get("/search?fail-in-filter=1", "Accept", "text/html");

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		ContractValidator.assertConforms(500, "application/json", null, response.body());
		assertThat(json(response).get("error").get("code").asString()).isEqualTo("internal_error");
		assertThat(response.body()).doesNotContain("IllegalStateException");
	}

	@Test
	void aFilterThatSendsAnErrorGetsJsonToo() {
		HttpResponse<String> response = this.api.get("/search?send-error=1");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		assertThat(json(response).get("error").get("code").asString()).isEqualTo("bad_request");
	}

	@TestConfiguration
	static class FailingFilter {

		@Bean
		Filter failingFilter() {
			return (request, response, chain) -> {
				if (request.getParameter("fail-in-filter") != null) {
					throw new IllegalStateException("failed in a filter");
				}
				if (request.getParameter("send-error") != null) {
					((jakarta.servlet.http.HttpServletResponse) response).sendError(400);
					return;
				}
				chain.doFilter(request, response);
			};
		}

	}

}
