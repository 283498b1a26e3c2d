package com.fever.plans.search;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fever.plans.search.support.Api;
import com.fever.plans.search.support.ContractComparison;
import com.fever.plans.search.support.ContractValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code make compare-apis}: compares the document a running search API generates
 * ({@code $API_URL/v3/api-docs}) with the committed contract, and checks that it serves
 * that contract. Skipped unless {@code -Dapi.url} is given; needs no database.
 */
@EnabledIfSystemProperty(named = "api.url", matches = ".+")
class RunningApiContractCheck {

	@Test
	void runningApiMatchesTheContract() {
		String base = System.getProperty("api.url").replaceAll("/+$", "");
		HttpResponse<String> generated = Api.sendRaw(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).build());
		HttpResponse<String> served = Api.sendRaw(HttpRequest.newBuilder(URI.create(base + "/openapi.yaml")).build());

		assertThat(generated.statusCode()).as("GET %s/v3/api-docs", base).isEqualTo(200);
		ContractComparison.assertCompatible(ContractValidator.contract(), generated.body());
		assertThat(served.statusCode()).as("GET %s/openapi.yaml", base).isEqualTo(200);
		assertThat(served.body()).as("served contract").isEqualTo(ContractValidator.contract());
	}

}
