package com.fever.plans.batch.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.support.CronExpression;

/**
 * The long-running mode: an import at once, then one per schedule, until the process is
 * asked to stop. Each import goes through the same {@link ImportLauncher} as a one-shot
 * run, so the lock, the circuit breaker and stale-run recovery apply alike; a one-shot
 * run launched by cron beside it simply finds the lock taken.
 */
public class ScheduledImports {

	private static final Logger logger = LoggerFactory.getLogger(ScheduledImports.class);

	private final ImportLauncher launcher;

	private final ScheduleProperties properties;

	private final Clock clock;

	public ScheduledImports(ImportLauncher launcher, ScheduleProperties properties, Clock clock) {
		this.launcher = launcher;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Imports on schedule until the thread is interrupted (the JVM shutting down).
	 */
	public void run() {
		CronExpression cron = (this.properties.cron() != null && !this.properties.cron().isBlank())
				? CronExpression.parse(this.properties.cron()) : null;
		logger.info("Scheduled imports: {}",
				(cron != null) ? "cron '" + this.properties.cron() + "'" : "every " + this.properties.interval());
		while (!Thread.currentThread().isInterrupted()) {
			ImportExitCode outcome = this.launcher.runOnce();
			ZonedDateTime now = ZonedDateTime.now(this.clock);
			ZonedDateTime next = (cron != null) ? cron.next(now) : now.plus(this.properties.interval());
			logger.info("Import ended {} (exit code {}); next import at {}", outcome, outcome.code(), next);
			try {
				Thread.sleep(Math.max(0, Duration.between(now, next).toMillis()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		logger.info("Scheduled imports stopped");
	}

}
