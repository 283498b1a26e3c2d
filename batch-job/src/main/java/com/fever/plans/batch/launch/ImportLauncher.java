package com.fever.plans.batch.launch;

import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import com.fever.plans.batch.job.FeedContext;

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

	public ImportLauncher(JobOperator jobOperator, JobRepository jobRepository, Job job, RunLock runLock,
			ProviderCircuitBreaker circuitBreaker) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.runLock = runLock;
		this.circuitBreaker = circuitBreaker;
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
			JobExecution execution = (executionId != null) ? this.jobRepository.getJobExecution(executionId)
					: latestRestartable();
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

	private JobExecution latestRestartable() {
		JobInstance last = this.jobRepository.getLastJobInstance(this.job.getName());
		if (last == null) {
			return null;
		}
		JobExecution execution = this.jobRepository.getLastJobExecution(last);
		if (execution == null) {
			return null;
		}
		BatchStatus status = execution.getStatus();
		return (status == BatchStatus.FAILED || status == BatchStatus.STOPPED || status == BatchStatus.UNKNOWN)
				? execution : null;
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
			recoverStaleRuns();
			return launch.run();
		}
		catch (Exception ex) {
			logger.error("Import run failed: {}", ex.getMessage(), ex);
			return ImportExitCode.FAILED;
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

	private static ImportExitCode exitCode(JobExecution execution) {
		String exitCode = execution.getExitStatus().getExitCode();
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			if (FeedContext.COMPLETED_WITH_SKIPS.equals(exitCode)) {
				return ImportExitCode.COMPLETED_WITH_SKIPS;
			}
			return ImportExitCode.COMPLETED;
		}
		logger.error("Import run {} ended {}: {}", execution.getId(), execution.getStatus(),
				execution.getExitStatus().getExitDescription());
		return ImportExitCode.FAILED;
	}

	@FunctionalInterface
	private interface Launch {

		ImportExitCode run() throws Exception;

	}

}
