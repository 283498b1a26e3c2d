package com.fever.plans.search.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpCachingTest {

	@Test
	void acceptsGzipUnlessWeightedZero() {
		assertThat(HttpCaching.acceptsGzip("gzip")).isTrue();
		assertThat(HttpCaching.acceptsGzip("br, gzip;q=0.5")).isTrue();
		assertThat(HttpCaching.acceptsGzip("*")).isTrue();
		assertThat(HttpCaching.acceptsGzip("gzip;q=0")).isFalse();
		assertThat(HttpCaching.acceptsGzip("br, deflate")).isFalse();
		assertThat(HttpCaching.acceptsGzip(null)).isFalse();
	}

}
