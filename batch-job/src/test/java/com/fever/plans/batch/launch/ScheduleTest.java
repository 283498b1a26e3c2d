package com.fever.plans.batch.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import com.fever.plans.batch.launch.ScheduledImports.Schedule;
import com.fever.plans.batch.provider.Providers;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@code --schedule}: when the next import starts (interval or cron), and the loop itself
 * importing through the launcher until it is stopped.
 */
class ScheduleTest extends ImportIntegrationTest {

	@Autowired
	Providers providers;

	private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 28, 10, 3, 15, 0, ZoneId.of("UTC"));

	@Test
	void anIntervalCountsFromTheEndOfTheLastImport() {
		Schedule schedule = Schedule.of(new ScheduleProperties(Duration.ofMinutes(5), null));
		assertThat(schedule.next(NOW)).isEqualTo(NOW.plusMinutes(5));
		assertThat(schedule).hasToString("every PT5M");
	}

	@ParameterizedTest
	@CsvSource({ "'0 */10 * * * *', 2026-11-28T10:10:00Z", "'0 0 * * * *', 2026-11-28T11:00:00Z",
			"'30 3 10 * * *', 2026-11-28T10:03:30Z", "'0 0 6 * * MON-FRI', 2026-11-30T06:00:00Z" })
	void aCronExpressionWinsOverTheInterval(String cron, String next) {
		Schedule schedule = Schedule.of(new ScheduleProperties(Duration.ofMinutes(5), cron));
		assertThat(schedule.next(NOW).toInstant()).hasToString(next);
	}

	@Test
	void anInvalidScheduleIsRefusedWithTheNameOfTheSetting() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Schedule.of(new ScheduleProperties(Duration.ofMinutes(5), "*/10 * * * *")))
			.withMessageContaining("plans.schedule.cron '*/10 * * * *'");
		assertThatIllegalArgumentException().isThrownBy(() -> Schedule.of(new ScheduleProperties(Duration.ZERO, null)))
			.withMessageContaining("plans.schedule.interval");
	}

	@Test
	void theLoopImportsAtOnceAndThenEveryInterval() throws Exception {
		assertThat(runLoop(new ScheduleProperties(Duration.ofMillis(200), null))).startsWith("COMPLETED_WITH_SKIPS",
				"UNCHANGED");
	}

	@Test
	void theLoopImportsOnACronSchedule() throws Exception {
		assertThat(runLoop(new ScheduleProperties(Duration.ofHours(1), "* * * * * *")))
			.startsWith("COMPLETED_WITH_SKIPS", "UNCHANGED");
	}

	@Test
	void aProviderWithItsOwnScheduleIsImportedOnIt() throws Exception {
		// The common schedule would wait an hour after the first import; the provider's
		// own says every 200 ms.
		String name = this.providers.first().name();
		Map<String, ScheduleProperties> own = Map.of(name, new ScheduleProperties(Duration.ofMillis(200), null));
		assertThat(runLoop(new ScheduledImports(this.launcher, new ScheduleProperties(Duration.ofHours(1), null), own,
				Clock.systemDefaultZone())))
			.startsWith("COMPLETED_WITH_SKIPS", "UNCHANGED");
	}

	/** Runs the loop until it imported twice, stops it, returns the runs' exit codes. */
	private List<String> runLoop(ScheduleProperties properties) throws InterruptedException {
		return runLoop(new ScheduledImports(this.launcher, properties, Clock.systemDefaultZone()));
	}

	private List<String> runLoop(ScheduledImports loop) throws InterruptedException {
		provider.always(Answer.xml(Feeds.answer(1)));
		Thread thread = new Thread(loop::run, "scheduled-imports-test");
		thread.start();
		try {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.jdbc.queryForObject(
						"SELECT count(*) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED'", Integer.class) >= 2);
		}
		finally {
			thread.interrupt();
			thread.join(Duration.ofSeconds(60).toMillis());
		}
		assertThat(thread.isAlive()).isFalse();
		return this.jdbc.queryForList(
				"SELECT EXIT_CODE FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED' ORDER BY JOB_EXECUTION_ID",
				String.class);
	}

}
