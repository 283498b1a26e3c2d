package com.fever.plans.batch.launch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;

import com.fever.plans.batch.history.ImportHistoryReport;
import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line of {@code batch-job.jar}, as {@code main} runs it: arguments parsed,
 * each command run, and the exit code from the exit-code mapper.
 */
class CommandLineTest extends ImportIntegrationTest {

	@org.junit.jupiter.api.AfterEach
	void dropTrigger() {
		CutConnection.remove(this.jdbc);
	}

	@Autowired
	private ImportHistoryReport history;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	@ParameterizedTest
	@ValueSource(strings = { "import", "--restart=abc", "--restart=-3", "--history=0", "--history=many", "--abandon",
			"--history --schedule", "--restart=1 --restart=2", "--provider=nobody", "--provider",
			"--schedule --provider=fever", "--restart --provider=nobody" })
	void aCommandLineThatCannotBeUnderstoodExits64WithoutDoingAnything(String line) {
		assertThat(run(line.split(" "))).isEqualTo(64);
		assertThat(provider.requests()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM BATCH_JOB_EXECUTION", Integer.class)).isZero();
	}

	@Test
	void noCommandImportsOnceAndACompletedImportWithRejectsExitsZero() {
		provider.enqueue(Answer.xml(Feeds.answer(1)));

		assertThat(run()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT EXIT_CODE FROM BATCH_JOB_EXECUTION", String.class))
			.isEqualTo("COMPLETED_WITH_SKIPS");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM import_rejects", Integer.class)).isOne();
	}

	@Test
	void aFailedImportExits1AndItsRestartExits0() {
		provider.always(Answer.status(503, "down"));
		assertThat(run()).isOne();

		provider.always(Answer.xml(Feeds.answer(3)));
		assertThat(run("--restart")).isZero();
		assertThat(this.jdbc.queryForList("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID",
				String.class))
			.containsExactly("FAILED", "COMPLETED");
	}

	@Test
	void nothingToRestartOrAbandonExits64() {
		assertThat(run("--restart")).isEqualTo(64);
		assertThat(run("--restart=424242")).isEqualTo(64);
		assertThat(run("--abandon=424242")).isEqualTo(64);

		provider.enqueue(Answer.xml(Feeds.answer(1)));
		assertThat(run()).isZero();
		long completed = this.jdbc.queryForObject("SELECT max(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION", Long.class);
		assertThat(run("--restart=" + completed)).isEqualTo(64);
		assertThat(run("--abandon=" + completed)).isEqualTo(64);
	}

	@Test
	void abandonGivesUpAFailedRunForGoodAndRemovesItsStagedFeed() throws Exception {
		CutConnection.at(this.jdbc, 5);
		provider.enqueue(Answer.xml(Feeds.generated(10, 1, 0)));
		assertThat(run()).isOne();
		CutConnection.remove(this.jdbc);
		long failed = this.jdbc.queryForObject("SELECT max(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION", Long.class);
		assertThat(stagingDir().toFile().list()).hasSize(1);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM import_staging", Long.class)).isPositive();

		assertThat(run("--abandon=" + failed)).isZero();

		assertThat(this.jdbc.queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
				String.class, failed))
			.isEqualTo("ABANDONED");
		assertThat(stagingDir().toFile().list()).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM import_staging", Long.class)).isZero();
		assertThat(run("--restart")).isEqualTo(64);
		assertThat(run("--restart=" + failed)).isEqualTo(64);
	}

	@Test
	void historyPrintsTheLastRunsNewestFirst() {
		provider.enqueue(Answer.xml(Feeds.answer(1)), Answer.xml(Feeds.answer(1)), Answer.status(404, "gone"));
		run();
		run();
		run();
		List<Long> ids = this.jdbc.queryForList(
				"SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC", Long.class);

		assertThat(run("--history=2")).isZero();

		List<String> lines = this.out.toString(StandardCharsets.UTF_8).lines().toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0).split("\\s+")).startsWith("run", "inst", "provider", "start", "end", "status", "exit",
				"code", "read", "written", "skipped");
		assertThat(lines.get(1)).startsWith(ids.get(0) + " ").contains(" FAILED ").contains(" FAILED ");
		assertThat(lines.get(2).split("\\s+")).contains(String.valueOf(ids.get(1)), "COMPLETED", "UNCHANGED");
		assertThat(this.history.lastRuns(10)).extracting(ImportRuns.Run::exitCode)
			.containsExactly("FAILED", "UNCHANGED", "COMPLETED_WITH_SKIPS");
		assertThat(this.history.lastRuns(10).get(2).skipped()).isOne();
		assertThat(lines.get(1).split("\\s+")).contains("fever");

		// --history --provider=<name>: that provider's runs only.
		this.out.reset();
		assertThat(run("--history", "--provider=fever")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8).lines()).hasSize(4);
		this.out.reset();
		assertThat(run("--history", "--provider=other")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
		assertThat(this.history.lastRuns(10).get(2).feedSha256()).hasSize(64);
	}

	@Test
	void scheduleWithAnInvalidCronExpressionExits64() {
		ImportCommand command = command(new ScheduleProperties(Duration.ofMinutes(5), "every ten minutes"));
		command.run(new DefaultApplicationArguments("--schedule"));
		assertThat(command.getExitCode()).isEqualTo(64);
		assertThat(provider.requests()).isZero();
	}

	private int run(String... args) {
		ImportCommand command = command(new ScheduleProperties(Duration.ofMinutes(5), null));
		command.run(new DefaultApplicationArguments(args));
		return command.getExitCode();
	}

	private ImportCommand command(ScheduleProperties schedule) {
		return new ImportCommand(this.launcher, this.history,
				new ScheduledImports(this.launcher, schedule, Clock.systemDefaultZone()), new ImportExitCodeMapper(),
				new PrintStream(this.out, true, StandardCharsets.UTF_8));
	}

}
