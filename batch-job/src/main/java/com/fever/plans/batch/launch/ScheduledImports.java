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
	 * Imports on schedule until the process is asked to stop (the JVM shutting down, or
	 * the thread interrupted).
	 */
	public void run() {
		Schedule schedule = Schedule.of(this.properties);
		logger.info("Scheduled imports: {}", schedule);
		while (!Thread.currentThread().isInterrupted() && !this.launcher.isShuttingDown()) {
			ImportExitCode outcome = this.launcher.runOnce();
			ZonedDateTime now = ZonedDateTime.now(this.clock);
			ZonedDateTime next = schedule.next(now);
			logger.info("Import ended {}; next import at {}", outcome, next);
			try {
				Thread.sleep(Math.max(0, Duration.between(now, next).toMillis()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		logger.info("Scheduled imports stopped");
	}

	/**
	 * When the next import starts: per the cron expression when one is set, else an
	 * interval after the end of the last one.
	 *
	 * @param cron the cron expression, or {@code null}
	 * @param interval the interval, used without a cron expression
	 */
	record Schedule(CronExpression cron, Duration interval) {

		/**
		 * Reads the schedule from the properties.
		 * @param properties the properties
		 * @return the schedule
		 * @throws IllegalArgumentException when the cron expression is invalid, or the
		 * interval is not positive
		 */
		static Schedule of(ScheduleProperties properties) {
			if (properties.cron() != null && !properties.cron().isBlank()) {
				try {
					return new Schedule(CronExpression.parse(properties.cron()), null);
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("plans.schedule.cron '" + properties.cron()
							+ "' is not a cron expression (six fields, e.g. '0 */10 * * * *'): " + ex.getMessage());
				}
			}
			if (properties.interval() == null || properties.interval().isNegative() || properties.interval().isZero()) {
				throw new IllegalArgumentException(
						"plans.schedule.interval must be positive, not " + properties.interval());
			}
			return new Schedule(null, properties.interval());
		}

		ZonedDateTime next(ZonedDateTime now) {
			return (this.cron != null) ? this.cron.next(now) : now.plus(this.interval);
		}

		@Override
		public String toString() {
			return (this.cron != null) ? "cron '" + this.cron + "'" : "every " + this.interval;
		}

	}

}
