package com.fever.plans.batch.launch;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fever.plans.batch.job.FeedContext;
import com.fever.plans.batch.staging.StagedFeeds;

/**
 * Launches the import the way operators and schedulers need it: one run at a time
 * (advisory lock), runs left {@code STARTED} by a killed process recovered first, the
 * provider circuit breaker honoured, and an {@link ImportExitCode} for every outcome.
 */
public class ImportLauncher {

	private static final Logger logger = LoggerFactory.getLogger(ImportLauncher.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final RunLock runLock;

	private final ProviderCircuitBreaker circuitBreaker;

	private final JdbcTemplate jdbc;

	private final StagedFeeds stagedFeeds;

	private final RunningExecutions running = new RunningExecutions();

	/** Guards {@link #launches}. */
	private final Object launchMonitor = new Object();

	/** Launches of this process holding the run lock. */
	private int launches;

	private volatile boolean shuttingDown;

	public ImportLauncher(JobOperator jobOperator, JobRepository jobRepository, Job job, RunLock runLock,
			ProviderCircuitBreaker circuitBreaker, JdbcTemplate jdbc, StagedFeeds stagedFeeds) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.runLock = runLock;
		this.circuitBreaker = circuitBreaker;
		this.jdbc = jdbc;
		this.stagedFeeds = stagedFeeds;
		if (job instanceof AbstractJob abstractJob) {
			// Which executions this process runs, to stop them on shutdown.
			abstractJob.registerJobExecutionListener(this.running);
		}
	}

	/**
	 * Runs a new import.
	 * @return how it ended
	 */
	public ImportExitCode runOnce() {
		return locked(() -> {
			LocalDateTime openUntil = this.circuitBreaker.openUntil();
			if (openUntil != null) {
				logger.warn("Provider circuit open after repeated failed fetches: not calling it until {}", openUntil);
				return ImportExitCode.CIRCUIT_OPEN;
			}
			return exitCode(settle(this.jobOperator.startNextInstance(this.job)));
		});
	}

	/**
	 * Restarts a failed run: the same job instance, resumed from its last committed
	 * chunk. An operator's explicit restart is not held back by the circuit breaker.
	 * @param executionId the execution to restart, or {@code null} for the latest failed
	 * one
	 * @return how it ended
	 */
	public ImportExitCode restart(Long executionId) {
		return locked(() -> {
			JobExecution execution = (executionId != null) ? findExecution(executionId) : latestRestartable();
			if (execution == null) {
				logger.error(
						(executionId != null) ? "No job execution " + executionId : "No failed import run to restart");
				return ImportExitCode.USAGE;
			}
			if (execution.getStatus() == BatchStatus.COMPLETED || execution.getStatus() == BatchStatus.ABANDONED) {
				logger.error("Import run {} is {}: only a failed or stopped run can be restarted", execution.getId(),
						execution.getStatus());
				return ImportExitCode.USAGE;
			}
			logger.info("Restarting import run {} (job instance {}, {})", execution.getId(),
					execution.getJobInstance().getInstanceId(), execution.getStatus());
			return exitCode(settle(this.jobOperator.restart(settle(execution))));
		});
	}

	/**
	 * Gives up a failed or stopped run for good: it is marked {@code ABANDONED}, can no
	 * longer be restarted, and its staged feed is removed.
	 * @param executionId the execution to abandon
	 * @return {@link ImportExitCode#ABANDONED}, or {@link ImportExitCode#USAGE} when
	 * there is no such run or it cannot be abandoned
	 */
	public ImportExitCode abandon(long executionId) {
		return locked(() -> {
			JobExecution execution = findExecution(executionId);
			if (execution == null || !this.job.getName().equals(execution.getJobInstance().getJobName())) {
				logger.error("No import run {}", executionId);
				return ImportExitCode.USAGE;
			}
			if (!isRestartable(execution.getStatus())) {
				logger.error("Import run {} is {}: only a failed or stopped run can be abandoned", executionId,
						execution.getStatus());
				return ImportExitCode.USAGE;
			}
			this.jobOperator.abandon(settle(execution));
			logger.info("Import run {} abandoned: it will not be restarted", executionId);
			return ImportExitCode.ABANDONED;
		});
	}

	/** The execution with this id, or {@code null} (Spring Batch 6 throws instead). */
	private JobExecution findExecution(long executionId) {
		try {
			return this.jobRepository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException ex) {
			return null;
		}
	}

	private static boolean isRestartable(BatchStatus status) {
		return status == BatchStatus.FAILED || status == BatchStatus.STOPPED || status == BatchStatus.UNKNOWN;
	}

	private JobExecution latestRestartable() {
		JobInstance last = this.jobRepository.getLastJobInstance(this.job.getName());
		if (last == null) {
			return null;
		}
		JobExecution execution = this.jobRepository.getLastJobExecution(last);
		if (execution == null) {
			return null;
		}
		return isRestartable(execution.getStatus()) ? execution : null;
	}

	private ImportExitCode locked(Launch launch) {
		RunLock.Held lock;
		try {
			lock = this.runLock.tryAcquire();
		}
		catch (SQLException ex) {
			logger.error("Cannot reach the database to take the run lock: {}", ex.getMessage());
			return ImportExitCode.FAILED;
		}
		if (lock == null) {
			logger.warn("Another import run holds the lock: exiting without doing anything");
			return ImportExitCode.ALREADY_RUNNING;
		}
		try (lock) {
			enter();
			// Checked after counting this launch in: a shutdown either sees the launch
			// (and stops its run) or is seen here.
			if (this.shuttingDown) {
				logger.warn("The process is stopping: no new import run");
				return ImportExitCode.STOPPED;
			}
			recoverStaleRuns();
			this.stagedFeeds.sweep();
			ImportExitCode outcome = launch.run();
			// A completed run supersedes the feeds staged by earlier failed ones.
			this.stagedFeeds.sweep();
			return outcome;
		}
		catch (Exception ex) {
			logger.error("Import run failed: {}", ex.getMessage(), ex);
			return ImportExitCode.FAILED;
		}
		finally {
			leave();
		}
	}

	private void enter() {
		synchronized (this.launchMonitor) {
			this.launches++;
		}
	}

	private void leave() {
		synchronized (this.launchMonitor) {
			this.launches--;
			this.launchMonitor.notifyAll();
		}
	}

	/**
	 * With the lock held no other run is alive, so an execution still marked running was
	 * left by a process that died: mark it failed so it can be restarted.
	 */
	private void recoverStaleRuns() {
		Set<JobExecution> running = this.jobRepository.findRunningJobExecutions(this.job.getName());
		List<JobExecution> stale = running.stream().sorted(Comparator.comparing(JobExecution::getId)).toList();
		for (JobExecution execution : stale) {
			logger.warn(
					"Import run {} was left {} by a process that stopped (started {}): marking it FAILED; "
							+ "restart it with --restart={}",
					execution.getId(), execution.getStatus(), execution.getStartTime(), execution.getId());
			this.jobOperator.recover(execution);
		}
	}

	/**
	 * Spring Batch marks a run UNKNOWN when a chunk's commit had an unknown outcome (the
	 * database connection was cut during it) and refuses to restart it. Here that outcome
	 * is known to be consistent: the chunk's rows and the step's saved position are
	 * written in the same transaction, so either both committed or neither did. Marking
	 * the run FAILED makes it restartable from exactly the committed position.
	 */
	private JobExecution settle(JobExecution execution) {
		if (execution.getStatus() != BatchStatus.UNKNOWN) {
			return execution;
		}
		LocalDateTime now = LocalDateTime.now();
		String reason = "Chunk commit outcome was unknown (database connection lost); "
				+ "rows and restart position commit together, so the run is restartable";
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
				step.setStatus(BatchStatus.FAILED);
				step.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
				step.setEndTime((step.getEndTime() != null) ? step.getEndTime() : now);
				this.jobRepository.update(step);
			}
		}
		execution.setStatus(BatchStatus.FAILED);
		execution.setExitStatus(execution.getExitStatus().replaceExitCode("FAILED").addExitDescription(reason));
		execution.setEndTime((execution.getEndTime() != null) ? execution.getEndTime() : now);
		this.jobRepository.update(execution);
		logger.warn("Import run {}: {}; marked FAILED", execution.getId(), reason);
		return execution;
	}

	private ImportExitCode exitCode(JobExecution execution) {
		ImportExitCode outcome = ImportExitCode.of(execution);
		if (outcome == ImportExitCode.STOPPED) {
			logger.warn("Import run {} stopped after its last committed chunk; restart it with --restart={}",
					execution.getId(), execution.getId());
		}
		else if (execution.getStatus() != BatchStatus.COMPLETED) {
			String reasons = reasons(execution);
			String description = execution.getExitStatus().getExitDescription();
			if (!description.contains(reasons)) {
				// Where operators look first (README's SQL), the reason itself rather
				// than Spring Batch's wrapper of it.
				execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(),
						description.isEmpty() ? reasons : reasons + "; " + description));
				this.jobRepository.update(execution);
			}
			logger.error("Import run {} ended {}: {}", execution.getId(), execution.getStatus(), reasons);
		}
		return outcome;
	}

	/**
	 * What made a run fail: for each failure, the outermost cause that is not Spring
	 * Batch's own wrapper (it wraps the reason, e.g. the reject limit, in "Unable to
	 * process chunk").
	 */
	private static String reasons(JobExecution execution) {
		List<String> reasons = execution.getAllFailureExceptions()
			.stream()
			.map(ImportLauncher::reason)
			.map(Throwable::getMessage)
			.distinct()
			.toList();
		return reasons.isEmpty() ? execution.getExitStatus().getExitDescription() : String.join("; ", reasons);
	}

	private static Throwable reason(Throwable failure) {
		Throwable reason = failure;
		while (reason.getCause() != null && reason.getClass().getName().startsWith("org.springframework.batch.")) {
			reason = reason.getCause();
		}
		return reason;
	}

	/**
	 * Accepts new launches, or refuses them from now on (the process is shutting down).
	 * @param accept whether to accept them
	 */
	void acceptLaunches(boolean accept) {
		this.shuttingDown = !accept;
	}

	boolean isShuttingDown() {
		return this.shuttingDown;
	}

	/**
	 * Whether a launch is in progress in this process (and so holds the run lock).
	 * @return {@code true} while a launch runs
	 */
	boolean isLaunching() {
		synchronized (this.launchMonitor) {
			return this.launches > 0;
		}
	}

	/**
	 * Waits until no launch is in progress in this process.
	 * @param timeout how long to wait at most
	 * @return {@code true} when none is, {@code false} when the wait timed out
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.launchMonitor) {
			while (this.launches > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.launchMonitor, left);
			}
			return true;
		}
	}

	/**
	 * Asks the executions this process runs to stop after their current chunk.
	 * <p>
	 * The signal is Spring Batch's own: the execution marked {@code STOPPING} in the job
	 * repository, which the running step reads back at its next chunk commit and stops
	 * on, ending the run {@code STOPPED}. Not {@code JobOperator.stop}: in Spring Batch
	 * 6.0 it also writes the running step's row from this thread, racing the step's own
	 * commit (optimistic locking, spring-batch#5120, #5308), which fails the run instead
	 * of stopping it. The step thread stays the only writer of its row.
	 */
	void stopRunningExecutions() {
		for (JobExecution running : this.running.current()) {
			JobExecution execution = findExecution(running.getId());
			if (execution == null || (execution.getStatus() != BatchStatus.STARTING
					&& execution.getStatus() != BatchStatus.STARTED)) {
				continue;
			}
			try {
				logger.warn("Stopping import run {} after its current chunk (the process is asked to stop)",
						execution.getId());
				execution.setStatus(BatchStatus.STOPPING);
				this.jobRepository.update(execution);
			}
			catch (Exception ex) {
				logger.warn("Could not stop import run {}: {}", execution.getId(), ex.getMessage());
			}
		}
	}

	@FunctionalInterface
	private interface Launch {

		ImportExitCode run() throws Exception;

	}

}
