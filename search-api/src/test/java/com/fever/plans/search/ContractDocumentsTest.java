package com.fever.plans.search;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fever.plans.search.support.Api;
import com.fever.plans.search.support.ContractComparison;
import com.fever.plans.search.support.ContractValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract is served as committed, Swagger UI shows it, and the document springdoc
 * generates from the code is compatible with it (openapi-diff finds no breaking change).
 */
class ContractDocumentsTest extends SearchApiTestBase {

	@Test
	void theCommittedContractIsServedAsIs() {
		HttpResponse<String> served = this.api.getRaw("/openapi.yaml");

		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.body()).isEqualTo(ContractValidator.contract());
	}

	@Test
	void swaggerUiShowsTheCommittedContract() {
		HttpResponse<String> config = this.api.getRaw("/v3/api-docs/swagger-config");
		HttpResponse<String> ui = Api
			.sendRaw(HttpRequest.newBuilder(URI.create(this.api.url("/swagger-ui/index.html"))).build());

		assertThat(config.statusCode()).isEqualTo(200);
		assertThat(json(config).get("url").asString()).isEqualTo("/openapi.yaml");
		assertThat(ui.statusCode()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
	}

	@Test
	void theGeneratedDocumentIsCompatibleWithTheContract() {
		HttpResponse<String> generated = this.api.getRaw("/v3/api-docs");

		assertThat(generated.statusCode()).isEqualTo(200);
		ContractComparison.assertCompatible(ContractValidator.contract(), generated.body());
	}

	@Test
	void theComparisonCatchesABreakingChange() {
		String generated = this.api.getRaw("/v3/api-docs").body();
		String priceAsText = generated.replace("\"min_price\":{\"type\":\"number\"",
				"\"min_price\":{\"type\":\"string\"");
		assertThat(priceAsText).isNotEqualTo(generated);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ContractComparison.assertCompatible(ContractValidator.contract(), priceAsText));
	}

}
