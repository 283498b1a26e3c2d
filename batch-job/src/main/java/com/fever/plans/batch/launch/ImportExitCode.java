package com.fever.plans.batch.launch;

import java.util.Arrays;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * How a command of {@code batch-job.jar} ended, named like the job's exit statuses
 * ({@code BATCH_JOB_EXECUTION.EXIT_CODE}). Which process exit code each gets is not
 * decided here but by the {@link ImportExitCodeMapper}, Spring Batch's
 * {@code ExitCodeMapper} contract, so the table lives in one place.
 */
public enum ImportExitCode {

	/** The import completed. */
	COMPLETED,

	/** The feed equals the last completed import's: nothing was imported. */
	UNCHANGED,

	/**
	 * The import completed and rejected some plans (the job instance's, restarts
	 * included; see {@code import_rejects}).
	 */
	COMPLETED_WITH_SKIPS,

	/** The run failed; it can be restarted ({@code --restart}). */
	FAILED,

	/**
	 * The run was stopped (SIGTERM, Ctrl-C) after its current chunk; it can be restarted.
	 */
	STOPPED,

	/** A failed or stopped run was abandoned ({@code --abandon}). */
	ABANDONED,

	/** Another run holds the lock: nothing was done. */
	ALREADY_RUNNING,

	/** The provider failed too often lately: the fetch was not tried (cool-down). */
	CIRCUIT_OPEN,

	/**
	 * The command line could not be understood, or names nothing to act on (no failed run
	 * to restart).
	 */
	USAGE;

	/**
	 * Whether the import did its work: completed, with or without rejects, or found
	 * nothing new to import.
	 * @return {@code true} for those
	 */
	public boolean isSuccess() {
		return this == COMPLETED || this == UNCHANGED || this == COMPLETED_WITH_SKIPS;
	}

	/**
	 * The outcome of a job execution: its exit status when it is one of ours, else what
	 * its batch status says.
	 * @param execution the ended execution
	 * @return the outcome
	 */
	static ImportExitCode of(JobExecution execution) {
		String exitCode = execution.getExitStatus().getExitCode();
		return Arrays.stream(values())
			.filter((value) -> value.name().equals(exitCode))
			.findFirst()
			.orElse((execution.getStatus() == BatchStatus.STOPPED) ? STOPPED : FAILED);
	}

}
