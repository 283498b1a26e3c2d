package com.fever.plans.batch.job;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A feed that lists the same plan twice: the later one wins, on a first import and on a
 * re-import (the merge's duplicate filter, in both its statements).
 */
class RepeatedPlanTest extends ImportIntegrationTest {

	@Test
	void theLaterOfTwoListingsWins() {
		assertThat(importFeed(withRepeat("Plan 3 again", 0))).isEqualTo(ImportExitCode.COMPLETED);
		assertThat(title("3")).isEqualTo("Plan 3 again");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(20);

		assertThat(importFeed(withRepeat("Plan 3 once more", 1))).isEqualTo(ImportExitCode.COMPLETED);
		assertThat(title("3")).isEqualTo("Plan 3 once more");
		assertThat(this.jdbc.queryForObject("SELECT min_price FROM events WHERE base_plan_id = '3'", String.class))
			.isEqualTo("12.50");
	}

	/** 20 base plans, then base plan 3 again with another title. */
	private static byte[] withRepeat(String title, int priceShift) {
		String feed = new String(Feeds.generated(20, 2, priceShift), StandardCharsets.UTF_8);
		int start = feed.indexOf("<base_plan base_plan_id=\"3\"");
		String repeated = feed.substring(start, feed.indexOf("</base_plan>", start) + "</base_plan>".length())
			.replace("title=\"Plan 3\"", "title=\"" + title + "\"");
		return feed.replace("</output>", repeated + "\n</output>").getBytes(StandardCharsets.UTF_8);
	}

	private String title(String basePlanId) {
		return this.jdbc.queryForObject("SELECT title FROM events WHERE base_plan_id = ?", String.class, basePlanId);
	}

}
