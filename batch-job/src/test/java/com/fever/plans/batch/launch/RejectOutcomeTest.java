package com.fever.plans.batch.launch;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rejected plans and the outcome: a completed import with rejects exits 0 and says so in
 * its exit status; more rejects than {@code plans.import.skip-limit} fail the run; and a
 * restart counts the rejects of the whole job instance, its failed runs' included.
 */
@TestPropertySource(properties = "plans.import.skip-limit=2")
class RejectOutcomeTest extends ImportIntegrationTest {

	private final ImportExitCodeMapper exitCodes = new ImportExitCodeMapper();

	@AfterEach
	void dropTrigger() {
		CutConnection.remove(this.jdbc);
	}

	@Test
	void aCompletedImportWithRejectsExitsZeroAndKeepsThemVisible() {
		ImportExitCode outcome = importFeed(feedWithInvalidPlans(40, 3, 5));

		assertThat(outcome).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		assertThat(this.exitCodes.intValue(outcome.name())).isZero();
		assertThat(lastRun("STATUS")).isEqualTo("COMPLETED");
		assertThat(lastRun("EXIT_CODE")).isEqualTo("COMPLETED_WITH_SKIPS");
		assertThat(lastExitDescription()).contains("2 plans rejected");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM import_rejects", Long.class)).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(38);
	}

	@Test
	void moreRejectsThanTheLimitFailTheRun() {
		ImportExitCode outcome = importFeed(feedWithInvalidPlans(40, 3, 5, 7));

		assertThat(outcome).isEqualTo(ImportExitCode.FAILED);
		assertThat(this.exitCodes.intValue(outcome.name())).isOne();
		assertThat(lastRun("STATUS")).isEqualTo("FAILED");
		assertThat(lastExitDescription())
			.contains("3 plans rejected, more than the limit of 2 (plans.import.skip-limit)");
	}

	@Test
	void aRestartCountsTheRejectsOfTheWholeJobInstance() {
		CutConnection.at(this.jdbc, 25);
		// Base plan 3's plan is rejected in a chunk that commits before the cut.
		assertThat(importFeed(feedWithInvalidPlans(40, 3))).isEqualTo(ImportExitCode.FAILED);
		CutConnection.remove(this.jdbc);

		// The restart itself rejects nothing: its outcome still reports the instance's
		// reject.
		provider.always(Answer.status(500, "must not be called"));
		ImportExitCode outcome = this.launcher.restart(null);

		assertThat(outcome).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		assertThat(this.exitCodes.intValue(outcome.name())).isZero();
		assertThat(lastRun("EXIT_CODE")).isEqualTo("COMPLETED_WITH_SKIPS");
		assertThat(lastExitDescription()).contains("1 plans rejected by this import");
		assertThat(this.jdbc.queryForObject("""
				SELECT sum(PROCESS_SKIP_COUNT) FROM BATCH_STEP_EXECUTION s
				WHERE JOB_EXECUTION_ID = (SELECT max(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION)
				""", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(39);
	}

	@Test
	void theRejectLimitCountsTheRejectsOfTheWholeJobInstance() {
		CutConnection.at(this.jdbc, 25);
		// Two rejects commit before the cut (at the limit), a third comes after it.
		assertThat(importFeed(feedWithInvalidPlans(40, 3, 5, 30))).isEqualTo(ImportExitCode.FAILED);
		assertThat(lastExitDescription()).doesNotContain("skip-limit");
		CutConnection.remove(this.jdbc);

		assertThat(this.launcher.restart(null)).isEqualTo(ImportExitCode.FAILED);
		assertThat(lastExitDescription())
			.contains("3 plans rejected, more than the limit of 2 (plans.import.skip-limit)");
	}

	private String lastRun(String column) {
		return this.jdbc.queryForObject(
				"SELECT " + column + " FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 1", String.class);
	}

	/**
	 * A generated feed where the plans of the given base plans start on an impossible
	 * date (base plan {@code i} starts on day {@code i % 365} of 2021).
	 */
	static byte[] feedWithInvalidPlans(int basePlans, int... invalid) {
		String xml = new String(Feeds.generated(basePlans, 2, 0), StandardCharsets.UTF_8);
		for (int basePlan : invalid) {
			String day = java.time.LocalDate.of(2021, 1, 1).plusDays(basePlan % 365).toString();
			String valid = "plan_start_date=\"" + day + "T20:00:00\"";
			assertThat(xml).containsOnlyOnce(valid);
			xml = xml.replace(valid, "plan_start_date=\"2021-09-31T20:00:00\"");
		}
		return xml.getBytes(StandardCharsets.UTF_8);
	}

}
