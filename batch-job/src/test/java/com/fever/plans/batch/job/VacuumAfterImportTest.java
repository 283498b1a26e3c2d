package com.fever.plans.batch.job;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a run that changed rows, {@code events} is vacuumed; its statistics are refreshed
 * only when at least a tenth of the table changed (an {@code ANALYZE} samples the whole
 * table whatever changed). Read from PostgreSQL's own counters of manual vacuums and
 * analyzes.
 */
class VacuumAfterImportTest extends ImportIntegrationTest {

	@Test
	void everyChangeIsVacuumedAndOnlyLargeChangesAnalyzed() {
		byte[] feed = Feeds.generated(50, 3, 0);
		assertThat(importFeed(feed)).isEqualTo(ImportExitCode.COMPLETED);
		Map<String, Object> afterFirst = maintenance();
		assertThat((Long) afterFirst.get("vacuums")).isPositive();
		assertThat((Long) afterFirst.get("analyzes")).isPositive();

		// One plan of 50 changes a price: vacuumed, not analyzed.
		String onePriceChanged = new String(feed, StandardCharsets.UTF_8).replaceFirst("price=\"11.50\"",
				"price=\"99.50\"");
		assertThat(importFeed(onePriceChanged.getBytes(StandardCharsets.UTF_8))).isEqualTo(ImportExitCode.COMPLETED);
		Map<String, Object> afterSmall = maintenance();
		assertThat(afterSmall.get("vacuums")).isEqualTo((Long) afterFirst.get("vacuums") + 1);
		assertThat(afterSmall.get("analyzes")).isEqualTo(afterFirst.get("analyzes"));

		// Every plan changes: both.
		assertThat(importFeed(Feeds.generated(50, 3, 1))).isEqualTo(ImportExitCode.COMPLETED);
		Map<String, Object> afterLarge = maintenance();
		assertThat(afterLarge.get("vacuums")).isEqualTo((Long) afterSmall.get("vacuums") + 1);
		assertThat(afterLarge.get("analyzes")).isEqualTo((Long) afterSmall.get("analyzes") + 1);
	}

	private Map<String, Object> maintenance() {
		return this.jdbc.queryForMap(
				"SELECT vacuum_count AS vacuums, analyze_count AS analyzes FROM pg_stat_user_tables WHERE relid = 'events'::regclass");
	}

}
