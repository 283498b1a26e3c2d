package com.fever.plans.search.web;

import java.util.Map;

import com.fever.plans.search.window.InvalidSearchException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class QueryParametersTest {

	@Test
	void decodesEveryValueOfEveryParameter() {
		Map<String, String[]> parameters = QueryParameters
			.of("/search?starts_at=2021-06-30T20:00:00%2B02:00&x=1&x=2&ends_at&a=b;c");

		assertThat(parameters.get("starts_at")).containsExactly("2021-06-30T20:00:00+02:00");
		assertThat(parameters.get("x")).containsExactly("1", "2");
		assertThat(parameters.get("ends_at")).containsExactly("");
		assertThat(parameters.get("a")).containsExactly("b;c");
		assertThat(QueryParameters.of("/search")).isEmpty();
	}

	@Test
	void refusesWhatIsNotPercentEncodedUtf8() {
		for (String uri : new String[] { "/search?starts_at=%FF", "/search?starts_at=%zz", "/search?%C3=1" }) {
			assertThatExceptionOfType(InvalidSearchException.class).as(uri)
				.isThrownBy(() -> QueryParameters.of(uri))
				.withMessage(QueryParameters.NOT_UTF8);
		}
	}

}
