package com.fever.plans.batch.launch;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.staging.StagingWriteException;

/**
 * Decides from the job repository whether a launch may call the provider. After
 * {@code failure-threshold} consecutive failed fetch steps, launches skip the provider
 * until {@code cool-down} has passed since the last failure; then one launch tries
 * (half-open). Its success closes the circuit; its failure re-opens it for another
 * cool-down. Per provider. Keeping the state in {@code BATCH_STEP_EXECUTION} means it
 * holds across processes and pods with nothing to store. A fetch that failed writing the
 * staged feed (a full disk) says nothing about the provider and is left out.
 */
public class ProviderCircuitBreaker {

	private final ImportRuns runs;

	private final CircuitBreakerProperties properties;

	private final Clock clock;

	public ProviderCircuitBreaker(ImportRuns runs, CircuitBreakerProperties properties, Clock clock) {
		this.runs = runs;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Returns until when the provider's circuit stays open, or {@code null} when a fetch
	 * may be tried. Each provider has its own circuit: its own fetch steps count.
	 * @param provider the provider
	 * @return the end of the cool-down (batch tables' local time), or {@code null}
	 */
	public LocalDateTime openUntil(String provider) {
		if (!this.properties.enabled() || this.properties.failureThreshold() <= 0) {
			return null;
		}
		List<ImportRuns.Fetch> fetches = this.runs.lastFetches(provider, StagingWriteException.class.getName(),
				this.properties.failureThreshold());
		if (fetches.size() < this.properties.failureThreshold()
				|| !fetches.stream().allMatch((fetch) -> "FAILED".equals(fetch.status()))) {
			return null;
		}
		LocalDateTime lastFailure = fetches.get(0).endTime();
		if (lastFailure == null) {
			return null;
		}
		LocalDateTime until = lastFailure.plus(this.properties.coolDown());
		// The batch tables store the JVM's local time (LocalDateTime.now()): compare
		// likewise.
		return LocalDateTime.now(this.clock).isBefore(until) ? until : null;
	}

}
