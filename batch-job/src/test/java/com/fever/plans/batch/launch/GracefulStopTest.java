package com.fever.plans.batch.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job as a process, stopped with SIGTERM in the middle of an import (what Kubernetes
 * sends at {@code activeDeadlineSeconds} or a node drain, and {@code docker stop}): the
 * process runs {@code BatchJobApplication} on this test's class path against this test's
 * database and provider, and is signalled once chunks have committed. Its run must end
 * {@code STOPPED} with whole chunks only, the process must exit, and a restart must
 * finish the import over the staged feed.
 */
class GracefulStopTest extends ImportIntegrationTest {

	/**
	 * Each row takes 50 ms to write: the import lasts long enough (15 s) to be signalled.
	 */
	private static final String SLOW_WRITES = """
			CREATE OR REPLACE FUNCTION slow_write() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
			    PERFORM pg_sleep(%s);
			    RETURN NEW;
			END $$;
			DROP TRIGGER IF EXISTS slow_write ON import_staging;
			CREATE TRIGGER slow_write BEFORE INSERT ON import_staging FOR EACH ROW EXECUTE FUNCTION slow_write();
			""";

	private static final int BASE_PLANS = 300;

	@Value("${spring.datasource.url}")
	private String url;

	@Value("${spring.datasource.username}")
	private String username;

	@Value("${spring.datasource.password:}")
	private String password;

	@AfterEach
	void dropTrigger() {
		this.jdbc.execute("DROP TRIGGER IF EXISTS slow_write ON import_staging");
	}

	@Test
	void sigtermStopsTheRunAfterItsCurrentChunkAndTheRestartFinishesIt() throws Exception {
		this.jdbc.execute(SLOW_WRITES.formatted("0.05"));
		provider.enqueue(Answer.xml(Feeds.generated(BASE_PLANS, 1, 0)));
		Path log = Files.createTempFile("batch-job-", ".log");
		// The provider's URL under its old name: accepted, with a deprecation warning.
		Process job = start(log, Map.of("PROVIDER_URL", provider.url().toString()));

		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(50))
			.failFast(() -> !job.isAlive())
			.until(() -> committedChunks() >= 3);
		job.destroy();

		assertThat(job.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(job.exitValue()).as(output).isEqualTo(143);
		assertThat(output).contains("Environment variable PROVIDER_URL is deprecated: rename it PLANS_PROVIDER_URL")
			.contains("Stopping import run")
			.contains("Import stopped; exiting");
		assertThat(this.jdbc.queryForMap("SELECT STATUS, EXIT_CODE FROM BATCH_JOB_EXECUTION"))
			.containsEntry("status", "STOPPED")
			.containsEntry("exit_code", "STOPPED");
		Map<String, Object> step = this.jdbc.queryForMap(
				"SELECT STATUS, WRITE_COUNT, COMMIT_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importPlans'");
		assertThat(step).containsEntry("status", "STOPPED");
		long written = ((Number) step.get("write_count")).longValue();
		// Whole chunks only: every row staged is in a committed chunk, and no more; and
		// nothing is published before the merge.
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM import_staging", Long.class)).isEqualTo(written)
			.isLessThan(BASE_PLANS);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isZero();
		assertThat(written % 2).isZero();
		assertThat(stagingDir().toFile().list()).hasSize(1);

		// The restart finishes the import over the staged feed, from the next chunk.
		this.jdbc.execute("DROP TRIGGER slow_write ON import_staging");
		provider.always(Answer.status(500, "must not be called"));
		assertThat(this.launcher.restart(null)).isEqualTo(ImportExitCode.COMPLETED);
		assertThat(provider.requests()).isOne();
		assertThat(this.jdbc.queryForObject("SELECT count(DISTINCT base_plan_id) FROM events", Long.class))
			.isEqualTo(BASE_PLANS);
		assertThat(this.jdbc.queryForObject(
				"SELECT READ_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importPlans' ORDER BY STEP_EXECUTION_ID DESC LIMIT 1",
				Long.class))
			.isEqualTo(BASE_PLANS - written);
	}

	@Test
	void aRunThatCannotStopWithinTheGracePeriodDoesNotKeepTheProcessAlive() throws Exception {
		// A chunk stuck in the database far longer than the grace period.
		this.jdbc.execute(SLOW_WRITES.formatted("CASE WHEN NEW.base_plan_id = '5' THEN 600 ELSE 0 END"));
		provider.enqueue(Answer.xml(Feeds.generated(20, 1, 0)));
		Path log = Files.createTempFile("batch-job-", ".log");
		Process job = start(log,
				Map.of("PLANS_PROVIDER_URL", provider.url().toString(), "PLANS_SHUTDOWN_GRACEPERIOD", "2s"));
		try {
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(50))
				.failFast(() -> !job.isAlive())
				.until(() -> stuckWrites() > 0);
			job.destroy();

			assertThat(job.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
			String output = Files.readString(log, StandardCharsets.UTF_8);
			assertThat(output).contains("did not stop within the grace period of PT2S");
		}
		finally {
			job.destroyForcibly();
			// The server has not noticed yet that its client is gone.
			this.jdbc.queryForList(
					"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()");
		}
		// Left STOPPING by the process: the next launch recovers it, and it restarts.
		this.jdbc.execute("DROP TRIGGER slow_write ON import_staging");
		provider.enqueue(Answer.status(503, "down"));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		assertThat(this.jdbc.queryForList("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID",
				String.class))
			.containsExactly("FAILED", "FAILED");
		long stopped = this.jdbc.queryForObject("SELECT min(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION", Long.class);
		assertThat(this.launcher.restart(stopped)).isEqualTo(ImportExitCode.COMPLETED);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(20);
	}

	private long committedChunks() {
		List<Long> commits = this.jdbc.queryForList(
				"SELECT COMMIT_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importPlans' AND STATUS = 'STARTED'",
				Long.class);
		return commits.isEmpty() ? 0 : commits.get(0);
	}

	private long stuckWrites() {
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()",
				Long.class);
	}

	private Process start(Path log, Map<String, String> env) throws IOException {
		Map<String, String> all = new java.util.HashMap<>(
				Map.of("SPRING_DATASOURCE_URL", this.url, "SPRING_DATASOURCE_USERNAME", this.username,
						"SPRING_DATASOURCE_PASSWORD", this.password, "PLANS_IMPORT_STAGINGDIR", stagingDir().toString(),
						"PLANS_IMPORT_CHUNKSIZE", "2", "PLANS_CIRCUITBREAKER_ENABLED", "false"));
		all.putAll(env);
		return JobProcess.start(log, all, List.of());
	}

}
