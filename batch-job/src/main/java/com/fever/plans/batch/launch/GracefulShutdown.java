package com.fever.plans.batch.launch;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Stops a running import cleanly when the process is asked to stop (SIGTERM, Ctrl-C):
 * Spring Boot's shutdown hook closes the context, which stops this bean first. It asks
 * Spring Batch to stop the run (the execution marked {@code STOPPING} in the job
 * repository, see {@link ImportLauncher#stopRunningExecutions()}): the chunk in progress
 * commits or rolls back as a whole, the run ends {@code STOPPED} and can be restarted
 * from its last committed chunk. It then waits for the launch to let go of the run lock,
 * at most the grace period, so the database and the lock are only closed after the run
 * ended.
 * <p>
 * A fetch in progress is not cut: the run stops when it ends, or the grace period runs
 * out and the process exits leaving the run to the next launch's recovery.
 */
public class GracefulShutdown implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(GracefulShutdown.class);

	/** How often a stop is asked again while waiting: a run may start meanwhile. */
	private static final Duration POLL = Duration.ofMillis(200);

	private final ImportLauncher launcher;

	private final Duration gracePeriod;

	private volatile boolean running;

	public GracefulShutdown(ImportLauncher launcher, Duration gracePeriod) {
		this.launcher = launcher;
		this.gracePeriod = gracePeriod;
	}

	/**
	 * Accepts launches. Called at start-up, and again when a stopped context is started
	 * again (the test framework pauses the contexts it caches).
	 */
	@Override
	public void start() {
		this.launcher.acceptLaunches(true);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.launcher.acceptLaunches(false);
		if (!this.launcher.isLaunching()) {
			return;
		}
		logger.warn("Asked to stop during an import: stopping it after its current chunk (grace period {})",
				this.gracePeriod);
		Instant deadline = Instant.now().plus(this.gracePeriod);
		try {
			while (Instant.now().isBefore(deadline)) {
				// Asked again on each turn: a launch may have been about to start the
				// job.
				this.launcher.stopRunningExecutions();
				Duration left = Duration.between(Instant.now(), deadline);
				if (this.launcher.awaitIdle((left.compareTo(POLL) < 0) ? left : POLL)) {
					logger.info("Import stopped; exiting");
					return;
				}
			}
			logger.error("The import did not stop within the grace period of {}: exiting anyway; the next launch "
					+ "marks the run FAILED, and it can be restarted", this.gracePeriod);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stopped first, before anything the import uses (the phase of beans stopped first).
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
