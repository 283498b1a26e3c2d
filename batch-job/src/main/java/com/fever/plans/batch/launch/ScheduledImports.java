package com.fever.plans.batch.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.scheduling.support.PeriodicTrigger;

/**
 * The long-running mode: an import at once, then one per schedule, until the process is
 * asked to stop. The schedule is Spring's {@link TaskScheduler} with a
 * {@link CronTrigger} or a fixed-delay {@link PeriodicTrigger}. Each import goes through
 * the same {@link ImportLauncher} as a one-shot run (every provider: the partitioned job
 * when there are several), so the locks, the circuit breakers and stale-run recovery
 * apply alike; a one-shot run launched by cron beside it simply finds the lock taken.
 */
public class ScheduledImports {

	private static final Logger logger = LoggerFactory.getLogger(ScheduledImports.class);

	/** How often the waiting thread looks whether the process is stopping. */
	private static final Duration STOP_CHECK = Duration.ofMillis(250);

	/** The longest wait for an import in progress when the loop ends. */
	private static final Duration FINISH_WAIT = Duration.ofMinutes(10);

	private final ImportLauncher launcher;

	private final ScheduleProperties properties;

	private final Clock clock;

	/**
	 * Each provider's own schedule, or {@code null} for those that follow the common one.
	 */
	private final Map<String, ScheduleProperties> providerSchedules;

	public ScheduledImports(ImportLauncher launcher, ScheduleProperties properties, Clock clock) {
		this(launcher, properties, Map.of(), clock);
	}

	/**
	 * Imports on one schedule ({@code properties}) while no provider has a schedule of
	 * its own; else each provider on its own schedule, or on the common one where it has
	 * none.
	 * @param launcher the launcher
	 * @param properties the common schedule ({@code plans.schedule})
	 * @param providerSchedules every provider's own schedule (or {@code null}), in order
	 * @param clock the clock
	 */
	public ScheduledImports(ImportLauncher launcher, ScheduleProperties properties,
			Map<String, ScheduleProperties> providerSchedules, Clock clock) {
		this.launcher = launcher;
		this.properties = properties;
		this.providerSchedules = providerSchedules;
		this.clock = clock;
	}

	/**
	 * Imports on schedule until the process is asked to stop (the JVM shutting down, or
	 * the calling thread interrupted). The imports run on the scheduler's thread; this
	 * thread waits, so that the command line's runner keeps the process alive.
	 */
	public void run() {
		Schedule schedule = Schedule.of(this.properties);
		Map<String, Schedule> own = ownSchedules(schedule);
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		// One thread per provider on its own schedule: one provider's long import does
		// not
		// delay another's.
		scheduler.setPoolSize(Math.max(1, own.size()));
		scheduler.setThreadNamePrefix("scheduled-import-");
		scheduler.setClock(this.clock);
		// On the way out: no next import, and the one in progress (asked to stop by the
		// graceful shutdown) is waited for, so this method returns with no import
		// running.
		scheduler.setWaitForTasksToCompleteOnShutdown(true);
		scheduler.setAwaitTerminationMillis(FINISH_WAIT.toMillis());
		scheduler.initialize();
		List<ScheduledFuture<?>> imports = new ArrayList<>();
		if (own.isEmpty()) {
			logger.info("Scheduled imports: {}", schedule);
			imports.add(scheduler.schedule(this::importOnce, schedule.trigger(this.clock.getZone())));
		}
		else {
			own.forEach((provider, providerSchedule) -> {
				logger.info("Scheduled imports of provider {}: {}", provider, providerSchedule);
				imports.add(
						scheduler.schedule(() -> importOnce(provider), providerSchedule.trigger(this.clock.getZone())));
			});
		}
		try {
			CountDownLatch never = new CountDownLatch(1);
			while (!this.launcher.isShuttingDown()) {
				never.await(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			imports.forEach((scheduled) -> scheduled.cancel(false));
			scheduler.shutdown();
		}
		logger.info("Scheduled imports stopped");
	}

	private void importOnce() {
		if (this.launcher.isShuttingDown()) {
			return;
		}
		ImportExitCode outcome = this.launcher.runDefault();
		logger.info("Import ended {}", outcome);
	}

	private void importOnce(String provider) {
		if (this.launcher.isShuttingDown()) {
			return;
		}
		ImportExitCode outcome = this.launcher.runOnce(provider);
		logger.info("Import of provider {} ended {}", provider, outcome);
	}

	/**
	 * Every provider's schedule when at least one has its own (the others take the common
	 * one), else an empty map: one schedule for all.
	 */
	private Map<String, Schedule> ownSchedules(Schedule common) {
		if (this.providerSchedules.values().stream().allMatch(Objects::isNull)) {
			return Map.of();
		}
		Map<String, Schedule> schedules = new LinkedHashMap<>();
		this.providerSchedules.forEach((provider, properties) -> {
			try {
				schedules.put(provider, (properties != null) ? Schedule.of(properties) : common);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Provider " + provider + "'s schedule: " + ex.getMessage(), ex);
			}
		});
		return schedules;
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

		/**
		 * The trigger: at once, then per the cron expression, or the interval after the
		 * end of the last import.
		 * @param zone the zone of the cron expression
		 * @return the trigger
		 */
		Trigger trigger(ZoneId zone) {
			Trigger repeat = (this.cron != null) ? new CronTrigger(this.cron.toString(), zone)
					: new PeriodicTrigger(this.interval);
			return (context) -> (context.lastCompletion() == null) ? context.getClock().instant()
					: repeat.nextExecution(context);
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
