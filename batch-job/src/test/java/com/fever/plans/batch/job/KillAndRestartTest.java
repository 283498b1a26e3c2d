package com.fever.plans.batch.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.support.Awaits;
import com.fever.plans.batch.support.ChildJob;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the job process during the load and during the merge, then
 * {@code --restart}: the table ends identical to a clean run's, readers never saw a part
 * of the run, and the staging table is empty afterwards.
 * <p>
 * The job runs in a child JVM. A trigger makes its backend wait on an advisory lock the
 * test holds at a chosen row (base plan 25 of 40, with chunks of 2: twelve chunks staged
 * and committed; or the first row the merge inserts), so the kill lands exactly there.
 */
class KillAndRestartTest extends ImportIntegrationTest {

	private static final byte[] FEED = Feeds.generated(40, 3, 0);

	private static final long LOCK = 4_242_001L;

	private static final String PAUSE = """
			CREATE OR REPLACE FUNCTION pause_import() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
			    IF NEW.base_plan_id = '25' THEN
			        PERFORM pg_advisory_xact_lock_shared(%d);
			    END IF;
			    RETURN NEW;
			END $$;
			CREATE TRIGGER pause_import BEFORE INSERT ON %s FOR EACH ROW EXECUTE FUNCTION pause_import();
			""";

	@AfterEach
	void dropTriggers() {
		this.jdbc.execute("DROP TRIGGER IF EXISTS pause_import ON import_staging");
		this.jdbc.execute("DROP TRIGGER IF EXISTS pause_import ON events");
	}

	@Test
	void killedDuringTheLoadThenRestartedEndsLikeACleanRun() throws Exception {
		List<Map<String, Object>> clean = cleanRun();

		killWhilePausedIn("import_staging");

		assertThat(events()).as("readers see nothing of a run before its merge").isEmpty();
		int staged = this.jdbc.queryForObject("SELECT count(DISTINCT base_plan_id) FROM import_staging", Integer.class);
		assertThat(staged).isEqualTo(24);

		restartWithoutTheProvider();

		assertThat(events()).isEqualTo(clean);
		assertThat(stagedRows()).isZero();
		// The load resumed after the twelve committed chunks.
		assertThat(this.jdbc.queryForObject("""
				SELECT READ_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importPlans'
				ORDER BY STEP_EXECUTION_ID DESC LIMIT 1
				""", Long.class)).isEqualTo(40 - 24);
	}

	@Test
	void killedDuringTheMergeThenRestartedEndsLikeACleanRun() throws Exception {
		List<Map<String, Object>> clean = cleanRun();

		killWhilePausedIn("events");

		assertThat(events()).as("the merge's transaction rolled back whole").isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT version FROM data_version", Long.class)).isZero();
		assertThat(stagedRows()).isEqualTo(40);

		restartWithoutTheProvider();

		assertThat(events()).isEqualTo(clean);
		assertThat(stagedRows()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT version FROM data_version", Long.class)).isOne();
		// The load had completed: the restart only merged.
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importPlans'",
				Integer.class))
			.isOne();
	}

	private void killWhilePausedIn(String table) throws Exception {
		try (Connection holder = DriverManager.getConnection(database().url(), database().username(),
				database().password())) {
			execute(holder, "SELECT pg_advisory_lock(" + LOCK + ")");
			this.jdbc.execute(PAUSE.formatted(LOCK, table));
			provider.enqueue(Answer.xml(FEED));
			try (ChildJob child = ChildJob.start(database().url(), database().username(), database().password(),
					provider.url().toString(), stagingDir())) {
				Awaits.until("the child job's backend to wait at base plan 25 in " + table, () -> this.jdbc
					.queryForObject(
							"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = ?",
							Integer.class, (int) LOCK) > 0,
						() -> child.isAlive() ? null : "the child ended early:\n" + child.output());
				child.kill9();
			}
			// What the server does when it notices the dead client: the backend ends and
			// its transaction rolls back.
			this.jdbc.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
					ChildJob.APPLICATION_NAME);
			execute(holder, "SELECT pg_advisory_unlock(" + LOCK + ")");
		}
		dropTriggers();
		Awaits.until("the child's backends to be gone",
				() -> this.jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?",
						Integer.class, ChildJob.APPLICATION_NAME) == 0,
				null);
		assertThat(this.jdbc.queryForObject(
				"SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 1", String.class))
			.as("a killed process leaves its run STARTED")
			.isEqualTo("STARTED");
	}

	private void restartWithoutTheProvider() {
		// The restart must not fetch: it uses the staged feed.
		provider.reset();
		provider.always(Answer.status(500, "must not be called"));
		assertThat(this.launcher.restart(null)).isEqualTo(ImportExitCode.COMPLETED);
		assertThat(provider.requests()).isZero();
	}

	private long stagedRows() {
		return this.jdbc.queryForObject("SELECT count(*) FROM import_staging", Long.class);
	}

	private List<Map<String, Object>> cleanRun() {
		assertThat(importFeed(FEED)).isEqualTo(ImportExitCode.COMPLETED);
		List<Map<String, Object>> clean = events();
		assertThat(clean).hasSize(40);
		emptyTables();
		return clean;
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (var statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
