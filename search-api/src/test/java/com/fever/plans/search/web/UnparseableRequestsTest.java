package com.fever.plans.search.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnparseableRequestsTest {

	@Test
	void acceptsWhatAUriMayHoldAndNothingElse() {
		assertThat(UnparseableRequests.isValidTarget("/search?starts_at=2021-06-30T20:00:00%2B02:00&x=a;b~c")).isTrue();
		assertThat(UnparseableRequests.isValidTarget("/actuator/health/readiness")).isTrue();
		assertThat(UnparseableRequests.isValidTarget("/sea{rch")).isFalse();
		assertThat(UnparseableRequests.isValidTarget("/search?starts_at=a b")).isFalse();
		assertThat(UnparseableRequests.isValidTarget("/search?q=\u0001")).isFalse();
		assertThat(UnparseableRequests.isValidTarget("/search?q=\"x\"")).isFalse();
		assertThat(UnparseableRequests.isValidTarget("/b\u00fasqueda")).isFalse();
	}

}
