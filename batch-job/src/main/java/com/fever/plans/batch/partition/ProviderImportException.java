package com.fever.plans.batch.partition;

import org.springframework.batch.core.job.JobExecution;

import com.fever.plans.batch.launch.ImportExitCode;

/**
 * A provider's import in a partition did not complete: the partition fails, so a restart
 * of the parent runs it again.
 */
class ProviderImportException extends RuntimeException {

	ProviderImportException(String provider, ImportExitCode outcome, JobExecution execution) {
		super("Import of provider " + provider + " ended " + outcome
				+ ((execution != null) ? " (import run " + execution.getId() + ")" : ""));
	}

}
