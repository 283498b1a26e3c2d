package com.fever.plans.batch.job;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan whose content hash equals its stored row's is staged without its JSON (the merge
 * only refreshes its seen marks), and a run staged that way is loaded again when
 * {@code events} changed under it before its merge, so the result is still a clean run's.
 */
class UnchangedPlansStagingTest extends ImportIntegrationTest {

	private static final int BASE_PLANS = 40;

	@AfterEach
	void dropTriggers() {
		this.jdbc.execute("""
				DROP TRIGGER IF EXISTS record_staged ON import_staging;
				DROP TRIGGER IF EXISTS fail_merge ON events;
				DROP TABLE IF EXISTS staged_seen;
				""");
	}

	@Test
	void unchangedPlansAreStagedWithoutTheirJson() {
		byte[] feed = Feeds.generated(BASE_PLANS, 3, 0);
		assertThat(importFeed(feed)).isEqualTo(ImportExitCode.COMPLETED);
		byte[] oneChanged = renamed(feed, 7);
		this.jdbc.execute("""
				CREATE TABLE staged_seen (base_plan_id text, with_json boolean);
				CREATE OR REPLACE FUNCTION record_staged() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    INSERT INTO staged_seen VALUES (NEW.base_plan_id, NEW.zones IS NOT NULL);
				    RETURN NEW;
				END $$;
				CREATE TRIGGER record_staged BEFORE INSERT ON import_staging FOR EACH ROW
				EXECUTE FUNCTION record_staged();
				""");

		assertThat(importFeed(oneChanged)).isEqualTo(ImportExitCode.COMPLETED);

		assertThat(this.jdbc.queryForList("SELECT base_plan_id FROM staged_seen WHERE with_json", String.class))
			.containsExactly("7");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM staged_seen WHERE NOT with_json", Long.class))
			.isEqualTo(BASE_PLANS - 1);
		assertThat(this.jdbc.queryForObject("SELECT title FROM events WHERE base_plan_id = '7'", String.class))
			.isEqualTo("Plan 7 renamed");
	}

	@Test
	void aRunStagedWithoutJsonIsLoadedAgainWhenEventsChangedBeforeItsMerge() {
		byte[] feed = Feeds.generated(BASE_PLANS, 3, 0);
		byte[] oneChanged = renamed(feed, 7);
		assertThat(importFeed(oneChanged)).isEqualTo(ImportExitCode.COMPLETED);
		List<Map<String, Object>> clean = events();
		emptyTables();

		assertThat(importFeed(feed)).isEqualTo(ImportExitCode.COMPLETED);
		// The next run loads (plan 12 unchanged: staged without JSON), then its merge
		// fails.
		this.jdbc.execute("""
				CREATE OR REPLACE FUNCTION fail_merge() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    RAISE EXCEPTION 'merge cut for the test';
				END $$;
				CREATE TRIGGER fail_merge BEFORE INSERT OR UPDATE ON events FOR EACH ROW EXECUTE FUNCTION fail_merge();
				""");
		assertThat(importFeed(oneChanged)).isEqualTo(ImportExitCode.FAILED);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM import_staging WHERE zones IS NULL", Long.class))
			.isEqualTo(BASE_PLANS - 1);
		this.jdbc.execute("DROP TRIGGER fail_merge ON events");
		// Meanwhile another version of plan 12 was published (as another run would).
		this.jdbc.update("""
				UPDATE events SET title = 'Plan 12 elsewhere', zones = '[]', content_hash = '\\x00'
				WHERE base_plan_id = '12'
				""");

		assertThat(this.launcher.restart(null)).isEqualTo(ImportExitCode.COMPLETED);

		// Loaded again against the current events: identical to a clean run of the feed.
		assertThat(events()).isEqualTo(clean);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM import_staging", Long.class)).isZero();
	}

	/** The feed with base plan {@code basePlan}'s title changed. */
	private static byte[] renamed(byte[] feed, int basePlan) {
		String xml = new String(feed, StandardCharsets.UTF_8);
		String title = "title=\"Plan " + basePlan + "\"";
		assertThat(xml).contains(title);
		return xml.replace(title, "title=\"Plan " + basePlan + " renamed\"").getBytes(StandardCharsets.UTF_8);
	}

}
