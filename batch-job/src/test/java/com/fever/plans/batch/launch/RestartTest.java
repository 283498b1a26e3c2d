package com.fever.plans.batch.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that fails in the middle of the import is restarted and ends identical to a clean
 * run: same rows, no duplicate, no plan lost.
 */
class RestartTest extends ImportIntegrationTest {

	private static final byte[] FEED = Feeds.generated(40, 3, 0);

	/**
	 * Cuts the job's database connection (the server terminates its own backend) when
	 * base plan 25 is staged: chunks 1-12 have committed by then (chunk size 2).
	 */
	private static final String CUT_CONNECTION = """
			CREATE OR REPLACE FUNCTION cut_connection() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
			    IF NEW.base_plan_id = '25' THEN
			        PERFORM pg_terminate_backend(pg_backend_pid());
			    END IF;
			    RETURN NEW;
			END $$;
			CREATE TRIGGER cut_connection BEFORE INSERT ON import_staging FOR EACH ROW EXECUTE FUNCTION cut_connection();
			""";

	@AfterEach
	void dropTrigger() {
		this.jdbc.execute("DROP TRIGGER IF EXISTS cut_connection ON import_staging");
	}

	@Test
	void aRunCutMidImportIsRestartedAndEndsLikeACleanRun() {
		List<Map<String, Object>> clean = cleanRun();

		this.jdbc.execute(CUT_CONNECTION);
		assertThat(importFeed(FEED)).isEqualTo(ImportExitCode.FAILED);
		// The committed chunks are staged (3 plans per base plan); readers saw nothing of
		// the run.
		int committed = this.jdbc.queryForObject("SELECT count(DISTINCT base_plan_id) FROM import_staging",
				Integer.class);
		assertThat(committed).isBetween(2, 38);
		assertThat(events()).isEmpty();
		assertThat(this.jdbc.queryForObject(
				"SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 1", String.class))
			.isEqualTo("FAILED");
		this.jdbc.execute("DROP TRIGGER cut_connection ON import_staging");

		// The provider now answers something else: the restart must not fetch, it resumes
		// over the staged feed.
		provider.reset();
		provider.always(Answer.status(500, "must not be called"));
		assertThat(this.launcher.restart(null)).isEqualTo(ImportExitCode.COMPLETED);

		assertThat(provider.requests()).isZero();
		assertThat(events()).isEqualTo(clean);
		// Resumed from the last committed chunk: the restart read only what was left.
		long readOnRestart = this.jdbc.queryForObject("""
				SELECT READ_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importPlans'
				ORDER BY STEP_EXECUTION_ID DESC LIMIT 1
				""", Long.class);
		assertThat(readOnRestart).isEqualTo(40 - committed);
		// One job instance, two executions.
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM BATCH_JOB_INSTANCE", Integer.class)).isOne();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM BATCH_JOB_EXECUTION", Integer.class)).isEqualTo(2);
	}

	@Test
	void aRestartWhoseStagedFeedIsGoneFetchesAgainAndImportsFromTheStart() throws Exception {
		List<Map<String, Object>> clean = cleanRun();

		this.jdbc.execute(CUT_CONNECTION);
		assertThat(importFeed(Feeds.generated(40, 3, 1))).isEqualTo(ImportExitCode.FAILED);
		this.jdbc.execute("DROP TRIGGER cut_connection ON import_staging");
		try (var staged = Files.list(stagingDir())) {
			for (Path file : staged.toList()) {
				Files.delete(file);
			}
		}

		provider.reset();
		provider.enqueue(Answer.xml(FEED));
		assertThat(this.launcher.restart(null)).isEqualTo(ImportExitCode.COMPLETED);

		assertThat(provider.requests()).isOne();
		assertThat(events()).isEqualTo(clean);
	}

	@Test
	void aRunLeftStartedByAKilledProcessIsMarkedFailedAtTheNextLaunchAndCanBeRestarted() {
		List<Map<String, Object>> clean = cleanRun();
		this.jdbc.execute(CUT_CONNECTION);
		assertThat(importFeed(FEED)).isEqualTo(ImportExitCode.FAILED);
		this.jdbc.execute("DROP TRIGGER cut_connection ON import_staging");
		// What kill -9 leaves behind: the execution and its step still marked running.
		this.jdbc.update("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'UNKNOWN', END_TIME = NULL");
		this.jdbc.update("""
				UPDATE BATCH_STEP_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'EXECUTING', END_TIME = NULL
				WHERE STEP_NAME = 'importPlans'
				""");
		long stale = this.jdbc.queryForObject("SELECT max(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION", Long.class);

		// The next launch recovers it (then, in this test, finds the feed unchanged...
		// no: the stale run never completed, so this launch imports the feed in full).
		provider.enqueue(Answer.xml(FEED));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.COMPLETED);
		assertThat(this.jdbc.queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
				String.class, stale))
			.isEqualTo("FAILED");

		// ...and the recovered run can still be restarted by id. The completed run
		// superseded its staged feed (removed), so the restart fetches afresh, and finds
		// the feed the completed run imported.
		assertThat(stagingDir().toFile().list()).isEmpty();
		provider.enqueue(Answer.xml(FEED));
		assertThat(this.launcher.restart(stale)).isEqualTo(ImportExitCode.UNCHANGED);
		assertThat(provider.requests()).isEqualTo(3);
		assertThat(events()).isEqualTo(clean);
	}

	@Test
	void aCompletedRunCannotBeRestarted() {
		assertThat(importFeed(FEED)).isEqualTo(ImportExitCode.COMPLETED);
		long completed = this.jdbc.queryForObject("SELECT max(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION", Long.class);

		assertThat(this.launcher.restart(completed)).isEqualTo(ImportExitCode.USAGE);
		assertThat(this.launcher.restart(null)).isEqualTo(ImportExitCode.USAGE);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM BATCH_JOB_EXECUTION", Integer.class)).isOne();
	}

	private List<Map<String, Object>> cleanRun() {
		assertThat(importFeed(FEED)).isEqualTo(ImportExitCode.COMPLETED);
		List<Map<String, Object>> clean = events();
		assertThat(clean).hasSize(40);
		emptyTables();
		return clean;
	}

}
