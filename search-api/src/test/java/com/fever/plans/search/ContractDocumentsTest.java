package com.fever.plans.search;

import java.net.http.HttpResponse;

import com.fever.plans.search.support.ContractValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed contract is the one description of the API: served as committed (no
 * generated approximation any more), while {@link ContractValidator} checks the real
 * responses of the other tests against it.
 */
class ContractDocumentsTest extends SearchApiTestBase {

	@Test
	void theCommittedContractIsServedAsIs() {
		HttpResponse<String> served = this.api.getRaw("/openapi.yaml");

		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
		assertThat(served.body()).isEqualTo(ContractValidator.contract());
	}

	@Test
	void noGeneratedDocumentIsServed() {
		assertThat(this.api.getRaw("/v3/api-docs").statusCode()).isEqualTo(404);
	}

}
