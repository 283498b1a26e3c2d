package com.fever.plans.batch.launch;

/**
 * The process exit codes, for cron and Kubernetes.
 */
public enum ImportExitCode {

	/** The import completed, or the feed was unchanged and there was nothing to do. */
	COMPLETED(0),

	/** The run failed; it can be restarted ({@code --restart}). */
	FAILED(1),

	/** The import completed but rejected some plans (see {@code import_rejects}). */
	COMPLETED_WITH_SKIPS(2),

	/** Another run holds the lock: nothing was done. */
	ALREADY_RUNNING(3),

	/** The provider failed too often lately: the fetch was not tried (cool-down). */
	CIRCUIT_OPEN(4),

	/** The command line could not be understood. */
	USAGE(64);

	private final int code;

	ImportExitCode(int code) {
		this.code = code;
	}

	public int code() {
		return this.code;
	}

}
