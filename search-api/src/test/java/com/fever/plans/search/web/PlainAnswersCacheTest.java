package com.fever.plans.search.web;

import java.net.http.HttpResponse;
import java.util.List;

import com.fever.plans.search.SearchApiTestBase;
import com.fever.plans.search.support.Fixtures;
import com.fever.plans.search.support.Plan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window asked for again is answered from the kept plain answer, byte for byte what the
 * snapshot renders, and a new snapshot drops every kept answer: the next one shows the
 * new data.
 */
class PlainAnswersCacheTest extends SearchApiTestBase {

	private static final Plan EXTRA = Plan.of("971", "1", "Recien llegado", "online", true, "2021-10-01T20:00:00",
			"2021-10-01T22:00:00", "12.00", "18.00");

	@Autowired
	private PlainAnswers answers;

	@BeforeEach
	void importAnswers123() {
		importPlans(Fixtures.AFTER_ANSWERS_1_2_3);
	}

	@Test
	void aWindowAskedForAgainIsKeptAndANewSnapshotDropsIt() {
		HttpResponse<String> first = this.api.search("starts_at", "2021-01-01T00:00:00Z");
		assertThat(this.answers.size()).as("asked once: not kept").isZero();
		HttpResponse<String> second = this.api.search("starts_at", "2021-01-01T00:00:00Z");
		assertThat(this.answers.size()).as("asked twice: kept").isEqualTo(1);
		HttpResponse<String> kept = this.api.search("starts_at", "2021-01-01T00:00:00Z");

		assertThat(second.body()).isEqualTo(first.body());
		assertThat(kept.body()).isEqualTo(first.body());
		assertThat(kept.headers().firstValue("Content-Length")).hasValue(Integer.toString(first.body().length()));
		assertThat(kept.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
		assertThat(this.registry.get("cache.gets")
			.tag("cache", "search-plain")
			.tag("result", "hit")
			.functionCounter()
			.count()).isPositive();

		importPlans(List.of(Fixtures.CAMELA, EXTRA));

		assertThat(this.answers.size()).as("dropped with the old snapshot").isZero();
		HttpResponse<String> fresh = this.api.search("starts_at", "2021-01-01T00:00:00Z");
		assertThat(ids(fresh)).containsExactly(Fixtures.CAMELA.id().toString(), EXTRA.id().toString());
		assertThat(fresh.headers().firstValue("ETag")).isNotEqualTo(first.headers().firstValue("ETag"));
	}

	@Test
	void gzipClientsStillGetTheCompressedCopyOfAKeptWindow() {
		List<Plan> plans = new java.util.ArrayList<>();
		for (int i = 0; i < 20; i++) {
			plans.add(Plan.of("972", Integer.toString(i), "Concierto " + i, "online", true, "2021-11-01T20:00:00",
					"2021-11-01T22:00:00", "10.00", "20.00"));
		}
		importPlans(plans);
		HttpResponse<String> plain = this.api.search("starts_at", "2021-01-01T00:00:00Z");
		this.api.search("starts_at", "2021-01-01T00:00:00Z");
		assertThat(this.answers.size()).isEqualTo(1);
		assertThat(plain.body().length()).isGreaterThan(1024);

		HttpResponse<String> gzip = this.api.get("/search?starts_at=2021-01-01T00:00:00Z", "Accept-Encoding", "gzip");

		assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(gzip.body()).isEqualTo(plain.body());
	}

}
