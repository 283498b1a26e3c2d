package com.fever.plans.batch.job;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixture answers 1, 2, 3 imported in order give exactly the table the fixtures'
 * README implies.
 */
class FixtureImportTest extends ImportIntegrationTest {

	@Test
	void answersOneTwoThreeGiveTheFourEverOnlinePlans() {
		// 444's impossible date is rejected in every answer: each run completes, with
		// skips.
		assertThat(importFeed(Feeds.answer(1))).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		Map<String, Object> idsAfterFirst = ids();
		assertThat(importFeed(Feeds.answer(2))).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		assertThat(importFeed(Feeds.answer(3))).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);

		List<Map<String, Object>> online = this.jdbc.queryForList("""
				SELECT base_plan_id || '/' || plan_id AS plan, title, starts_at::text AS starts, ends_at::text AS ends,
				       min_price, max_price
				FROM events WHERE ever_online ORDER BY starts_at
				""");
		assertThat(online).extracting((row) -> row.get("plan"))
			.containsExactly("322/1642", "322/1643", "291/291", "1591/1642");
		assertThat(online).extracting((row) -> row.get("title"))
			.containsExactly("Pantomima Full", "Pantomima Full", "Camela en concierto", "Los Morancos");
		assertThat(online).extracting((row) -> row.get("starts"))
			.containsExactly("2021-02-10 20:00:00", "2021-02-11 20:00:00", "2021-06-30 21:00:00",
					"2021-07-31 20:00:00");
		assertThat(online).extracting((row) -> row.get("ends"))
			.containsExactly("2021-02-10 21:30:00", "2021-02-11 21:30:00", "2021-06-30 22:00:00",
					"2021-07-31 21:20:00");
		assertThat(online).extracting((row) -> row.get("min_price"))
			.containsExactly(new BigDecimal("55.00"), new BigDecimal("55.00"), new BigDecimal("15.00"),
					new BigDecimal("65.00"));
		assertThat(online).extracting((row) -> row.get("max_price"))
			.containsExactly(new BigDecimal("55.00"), new BigDecimal("55.00"), new BigDecimal("30.00"),
					new BigDecimal("75.00"));

		// 1591/1642 went offline in answer 3: its latest sell_mode says so, ever_online
		// stays.
		assertThat(this.jdbc.queryForObject("SELECT sell_mode FROM events WHERE base_plan_id = '1591'", String.class))
			.isEqualTo("offline");
		// 1722 was only ever offline; 444 never had a valid date and sits in the rejects.
		assertThat(this.jdbc.queryForList("SELECT base_plan_id FROM events WHERE NOT ever_online", String.class))
			.containsExactly("1722");
		assertThat(this.jdbc.queryForList("SELECT DISTINCT base_plan_id || '/' || plan_id FROM import_rejects",
				String.class))
			.containsExactly("444/1642");
		assertThat(this.jdbc.queryForObject("SELECT reason FROM import_rejects LIMIT 1", String.class))
			.contains("plan_start_date '2021-09-31T20:00:00' is not a valid local date-time");
		assertThat(this.jdbc.queryForObject("SELECT fragment FROM import_rejects LIMIT 1", String.class))
			.contains("base_plan_id=\"444\"")
			.contains("zone_id=\"7\"");

		// Ids never change between imports.
		Map<String, Object> idsAfterLast = ids();
		idsAfterFirst.forEach((plan, id) -> assertThat(idsAfterLast.get(plan)).as(plan).isEqualTo(id));
		// The zones are kept whole, the duplicated zone_id 186 included.
		assertThat(this.jdbc.queryForObject(
				"SELECT jsonb_array_length(zones) FROM events WHERE base_plan_id = '1591' AND plan_id = '1642'",
				Integer.class))
			.isEqualTo(2);
	}

	@Test
	void reimportingTheSameAnswerIsANoOp() {
		importFeed(Feeds.answer(2));
		List<Map<String, Object>> before = events();
		Map<String, Object> versions = rowVersions();
		long dataVersion = dataVersion();

		assertThat(importFeed(Feeds.answer(2))).isEqualTo(ImportExitCode.UNCHANGED);
		assertThat(this.jdbc.queryForObject(
				"SELECT EXIT_CODE FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 1", String.class))
			.isEqualTo("UNCHANGED");
		assertThat(events()).isEqualTo(before);
		assertThat(rowVersions()).isEqualTo(versions);
		assertThat(dataVersion()).isEqualTo(dataVersion);
		// A completed run, unchanged or not, leaves no staged feed behind.
		assertThat(stagingDir().toFile().list()).isEmpty();
	}

	@Test
	void theWriterDoesNotRewriteUnchangedRowsEvenWhenTheFeedDiffers() {
		importFeed(Feeds.answer(1));
		Map<String, Object> versions = rowVersions();
		// Answer 2 changes capacities of 291 and 1591 and adds 322/1643; 322/1642 is
		// identical.
		importFeed(Feeds.answer(2));
		Map<String, Object> after = rowVersions();
		assertThat(after.get("322/1642")).isEqualTo(versions.get("322/1642"));
		assertThat(after.get("291/291")).isNotEqualTo(versions.get("291/291"));
		assertThat(after).containsKey("322/1643");
	}

	@Test
	void aChangedPriceUpdatesOneRowOnly() {
		importFeed(Feeds.answer(3));
		Map<String, Object> versions = rowVersions();
		long dataVersion = dataVersion();
		byte[] changed = new String(Feeds.answer(3), java.nio.charset.StandardCharsets.UTF_8)
			.replace("price=\"25.50\"", "price=\"27.00\"")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);

		importFeed(changed);

		Map<String, Object> after = rowVersions();
		versions.forEach((plan, version) -> {
			if (plan.equals("1722/1801")) {
				assertThat(after.get(plan)).as(plan).isNotEqualTo(version);
			}
			else {
				assertThat(after.get(plan)).as(plan).isEqualTo(version);
			}
		});
		assertThat(
				this.jdbc.queryForObject("SELECT max_price FROM events WHERE base_plan_id = '1722'", BigDecimal.class))
			.isEqualByComparingTo("27.00");
		assertThat(dataVersion()).isEqualTo(dataVersion + 1);
	}

	@Test
	void anUnchangedRowIsRewrittenOnlyToRefreshAStaleLastSeen() {
		importFeed(Feeds.answer(3));
		// 1591/1642 was last seen two days ago (more than plans.import.seen-refresh, 1
		// day).
		this.jdbc.update("UPDATE events SET last_seen_at = now() - interval '2 days' WHERE base_plan_id = '1591'");
		Map<String, Object> versions = rowVersions();
		byte[] changed = new String(Feeds.answer(3), java.nio.charset.StandardCharsets.UTF_8)
			.replace("price=\"25.50\"", "price=\"27.00\"")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);

		importFeed(changed);

		Map<String, Object> after = rowVersions();
		assertThat(after.get("1591/1642")).isNotEqualTo(versions.get("1591/1642"));
		assertThat(after.get("1722/1801")).isNotEqualTo(versions.get("1722/1801"));
		assertThat(after.get("322/1643")).isEqualTo(versions.get("322/1643"));
		assertThat(this.jdbc.queryForObject(
				"SELECT last_seen_at > now() - interval '1 minute' FROM events WHERE base_plan_id = '1591'",
				Boolean.class))
			.isTrue();
		// Its content did not change: last_changed_at stays.
		assertThat(this.jdbc.queryForObject(
				"SELECT last_changed_at < last_seen_at FROM events WHERE base_plan_id = '1591'", Boolean.class))
			.isTrue();
	}

	private Map<String, Object> ids() {
		Map<String, Object> ids = new java.util.TreeMap<>();
		this.jdbc.query("SELECT base_plan_id || '/' || plan_id, id FROM events",
				(org.springframework.jdbc.core.RowCallbackHandler) (rs) -> ids.put(rs.getString(1), rs.getObject(2)));
		return ids;
	}

	private long dataVersion() {
		return this.jdbc.queryForObject("SELECT version FROM data_version", Long.class);
	}

}
