package com.fever.plans.batch.monitoring;

import java.time.Instant;

/**
 * What monitoring says about one provider's import: its last run and its last successful
 * one.
 *
 * @param executionId the last run's job execution id, or {@code null} before the first
 * run
 * @param status the last run's Spring Batch status ({@code COMPLETED}, {@code FAILED},
 * ...), or {@code null}
 * @param exitCode the last run's exit code, or {@code null}
 * @param started when the last run started, or {@code null}
 * @param ended when the last run ended, or {@code null} while it runs
 * @param read items (base plans) read by the last run's steps
 * @param written items written by the last run's steps
 * @param rejected items skipped (rejected plans) by the last run's steps
 * @param lastSuccess when the last completed run ended, or {@code null}
 * @param circuitOpenUntil until when the provider circuit is open, or {@code null} when
 * closed
 */
public record LastImport(Long executionId, String status, String exitCode, Instant started, Instant ended, long read,
		long written, long rejected, Instant lastSuccess, Instant circuitOpenUntil) {

	/** Before the first run. */
	static final LastImport NONE = new LastImport(null, null, null, null, null, 0, 0, 0, null, null);

	/** Whether the last run ended and did not complete (failed, stopped, abandoned). */
	boolean failed() {
		return this.status != null && this.ended != null && !"COMPLETED".equals(this.status);
	}

	LastImport withLastSuccess(Instant lastSuccess) {
		return new LastImport(this.executionId, this.status, this.exitCode, this.started, this.ended, this.read,
				this.written, this.rejected, lastSuccess, this.circuitOpenUntil);
	}

	LastImport withCircuitOpenUntil(Instant until) {
		return new LastImport(this.executionId, this.status, this.exitCode, this.started, this.ended, this.read,
				this.written, this.rejected, this.lastSuccess, until);
	}

}
