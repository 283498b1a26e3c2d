package com.fever.plans.search;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fever.plans.search.support.Fixtures;
import com.fever.plans.search.support.Plan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP caching: {@code ETag}, {@code Cache-Control}, {@code If-None-Match} and
 * compression.
 */
class ConditionalRequestTest extends SearchApiTestBase {

	@BeforeEach
	void importAnswers123() {
		importPlans(Fixtures.AFTER_ANSWERS_1_2_3);
	}

	@Test
	void sendsATagAndTheConfiguredCacheControl() {
		HttpResponse<String> response = this.api.search("starts_at", "2021-01-01T00:00:00Z");

		assertThat(response.headers().firstValue("ETag"))
			.hasValueSatisfying((tag) -> assertThat(tag).matches("W/\"[^\"]+\""));
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=5");
	}

	@Test
	void aMatchingIfNoneMatchGets304WithoutBody() {
		String tag = this.api.search().headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> weak = this.api.get("/search", "If-None-Match", tag);
		HttpResponse<String> strong = this.api.get("/search", "If-None-Match", tag.substring(2));
		HttpResponse<String> list = this.api.get("/search", "If-None-Match", "\"other\", " + tag);
		HttpResponse<String> other = this.api.get("/search", "If-None-Match", "\"other\"");

		assertThat(strong.statusCode()).isEqualTo(304);
		assertThat(strong.headers().firstValue("ETag")).hasValue(tag);
		assertThat(strong.headers().firstValue("Cache-Control")).hasValue("public, max-age=5");
		assertThat(weak.statusCode()).isEqualTo(304);
		assertThat(list.statusCode()).isEqualTo(304);
		assertThat(other.statusCode()).isEqualTo(200);
	}

	@Test
	void theTagChangesWhenTheDataChangesAndOnlyThen() {
		String before = this.api.search().headers().firstValue("ETag").orElseThrow();
		importPlans(Fixtures.AFTER_ANSWERS_1_2_3);
		String sameData = this.api.search().headers().firstValue("ETag").orElseThrow();
		List<Plan> changed = new ArrayList<>(Fixtures.AFTER_ANSWERS_1_2_3);
		changed
			.add(Plan.of("950", "1", "Nueva", "online", true, "2021-08-01T10:00:00", "2021-08-01T11:00:00", "1", "2"));
		importPlans(changed);
		HttpResponse<String> afterChange = this.api.get("/search", "If-None-Match", before);

		assertThat(sameData).isEqualTo(before);
		assertThat(afterChange.statusCode()).isEqualTo(200);
		assertThat(afterChange.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(before));
		assertThat(ids(afterChange)).hasSize(5);
	}

	@Test
	void largeBodiesAreCompressedWhenAsked() {
		List<Plan> many = new ArrayList<>(Fixtures.AFTER_ANSWERS_1_2_3);
		for (int i = 0; i < 200; i++) {
			many.add(Plan.of("960", Integer.toString(i), "Plan numero " + i, "online", true, "2021-09-01T10:00:00",
					"2021-09-01T12:00:00", "10.00", "20.00"));
		}
		importPlans(many);

		HttpResponse<String> gzipped = this.api.get("/search", "Accept-Encoding", "gzip");
		HttpResponse<String> plain = this.api.get("/search");
		HttpResponse<String> refused = this.api.get("/search", "Accept-Encoding", "br, gzip;q=0");

		assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(gzipped.headers().firstValue("Vary").orElse("")).contains("Accept-Encoding");
		assertThat(gzipped.headers().firstValue("ETag")).isEqualTo(plain.headers().firstValue("ETag"));
		assertThat(gzipped.body()).isEqualTo(plain.body());
		assertThat(ids(gzipped)).hasSize(204);
		String tag = gzipped.headers().firstValue("ETag").orElseThrow();
		assertThat(this.api.get("/search", "Accept-Encoding", "gzip", "If-None-Match", tag).statusCode())
			.isEqualTo(304);
	}

}
