package com.fever.plans.search;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fever.plans.search.support.Api;
import com.fever.plans.search.support.ContractValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code make compare-apis}: checks that a running search API ({@code $API_URL}) serves
 * the committed contract and that its answer to {@code GET /search} conforms to it.
 * Skipped unless {@code -Dapi.url} is given; needs no database of its own.
 */
@EnabledIfSystemProperty(named = "api.url", matches = ".+")
class RunningApiContractCheck {

	@Test
	void runningApiMatchesTheContract() {
		String base = System.getProperty("api.url").replaceAll("/+$", "");
		HttpResponse<String> served = Api.sendRaw(HttpRequest.newBuilder(URI.create(base + "/openapi.yaml")).build());
		HttpResponse<String> search = Api.sendRaw(HttpRequest
			.newBuilder(URI.create(base + "/search?starts_at=2021-01-01T00:00:00Z&ends_at=2021-01-02T00:00:00Z"))
			.build());

		assertThat(served.statusCode()).as("GET %s/openapi.yaml", base).isEqualTo(200);
		assertThat(served.body()).as("served contract").isEqualTo(ContractValidator.contract());
		ContractValidator.assertConforms(search);
	}

}
