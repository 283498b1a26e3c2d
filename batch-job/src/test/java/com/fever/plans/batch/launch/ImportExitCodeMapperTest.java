package com.fever.plans.batch.launch;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.ExitStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exit-code table: a completed import is 0 whether it rejected plans or not, as
 * Spring Batch and Spring Boot map a completed job with skips; every outcome has its
 * code, and an exit status outside the table is a failure.
 */
class ImportExitCodeMapperTest {

	private final ImportExitCodeMapper mapper = new ImportExitCodeMapper();

	@Test
	void everyOutcomeHasItsExitCode() {
		Map<ImportExitCode, Integer> expected = Map.of(ImportExitCode.COMPLETED, 0, ImportExitCode.UNCHANGED, 0,
				ImportExitCode.COMPLETED_WITH_SKIPS, 0, ImportExitCode.ABANDONED, 0, ImportExitCode.FAILED, 1,
				ImportExitCode.STOPPED, 1, ImportExitCode.ALREADY_RUNNING, 3, ImportExitCode.CIRCUIT_OPEN, 4,
				ImportExitCode.USAGE, 64);
		assertThat(expected).hasSize(ImportExitCode.values().length);
		expected.forEach(
				(outcome, code) -> assertThat(this.mapper.intValue(outcome.name())).as(outcome.name()).isEqualTo(code));
	}

	@Test
	void springBatchExitStatusesMapAsSpringBatchMapsThem() {
		assertThat(this.mapper.intValue(ExitStatus.COMPLETED.getExitCode())).isZero();
		assertThat(this.mapper.intValue(ExitStatus.FAILED.getExitCode())).isOne();
		assertThat(this.mapper.intValue(ExitStatus.STOPPED.getExitCode())).isOne();
		assertThat(this.mapper.intValue(ExitStatus.UNKNOWN.getExitCode())).isOne();
		assertThat(this.mapper.intValue("SOMETHING_ELSE")).isOne();
	}

}
