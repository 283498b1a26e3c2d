package com.fever.plans.search.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpCachingTest {

	@Test
	void comparesWeaklyAndAcceptsListsAndStar() {
		assertThat(HttpCaching.matches("W/\"a\"", "W/\"a\"")).isTrue();
		assertThat(HttpCaching.matches("\"a\"", "W/\"a\"")).isTrue();
		assertThat(HttpCaching.matches("\"a\"", "\"a\"")).isTrue();
		assertThat(HttpCaching.matches("\"b\" , W/\"a\"", "W/\"a\"")).isTrue();
		assertThat(HttpCaching.matches("*", "W/\"a\"")).isTrue();
		assertThat(HttpCaching.matches("\"b\"", "W/\"a\"")).isFalse();
		assertThat(HttpCaching.matches("W/\"ab\"", "W/\"a\"")).isFalse();
		assertThat(HttpCaching.matches(null, "W/\"a\"")).isFalse();
		assertThat(HttpCaching.matches(" ", "W/\"a\"")).isFalse();
	}

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
