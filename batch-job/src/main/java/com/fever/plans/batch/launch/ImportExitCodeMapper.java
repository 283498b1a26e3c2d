package com.fever.plans.batch.launch;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.launch.support.SimpleJvmExitCodeMapper;

/**
 * The process exit codes, as Spring Batch maps them: a table from exit status to JVM exit
 * code. It follows the ecosystem (Spring Batch's {@code SimpleJvmExitCodeMapper}, Spring
 * Boot's {@code JobExecutionExitCodeGenerator}): a completed job is 0, rejected plans or
 * not, since the real feed always carries some; the rejects stay visible in the run's
 * exit status, the history and the log. An exit status missing from the table is 1, like
 * any failure.
 */
public class ImportExitCodeMapper extends SimpleJvmExitCodeMapper {

	/** Exit status to process exit code. */
	static final Map<String, Integer> EXIT_CODES;

	static {
		Map<String, Integer> codes = new LinkedHashMap<>();
		codes.put(ImportExitCode.COMPLETED.name(), JVM_EXITCODE_COMPLETED);
		codes.put(ImportExitCode.UNCHANGED.name(), JVM_EXITCODE_COMPLETED);
		codes.put(ImportExitCode.COMPLETED_WITH_SKIPS.name(), JVM_EXITCODE_COMPLETED);
		codes.put(ImportExitCode.FAILED.name(), JVM_EXITCODE_GENERIC_ERROR);
		codes.put(ImportExitCode.STOPPED.name(), JVM_EXITCODE_GENERIC_ERROR);
		codes.put(ImportExitCode.ABANDONED.name(), JVM_EXITCODE_COMPLETED);
		codes.put(ImportExitCode.ALREADY_RUNNING.name(), 3);
		codes.put(ImportExitCode.CIRCUIT_OPEN.name(), 4);
		// EX_USAGE of sysexits.h.
		codes.put(ImportExitCode.USAGE.name(), 64);
		EXIT_CODES = Map.copyOf(codes);
	}

	public ImportExitCodeMapper() {
		setMapping(EXIT_CODES);
	}

}
