package com.fever.plans.batch.monitoring;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * One provider's part of the health component {@code lastImport}: {@code DOWN} while the
 * provider's last import run ended without completing (failed or stopped: it waits for a
 * restart or the next scheduled run), {@code UP} otherwise (completed, running, or no run
 * yet). Read from the batch tables at each check, so it reports runs made by other
 * processes too. Not part of the liveness probe: restarting the process does not mend a
 * provider or a feed.
 */
public class LastImportHealthIndicator extends AbstractHealthIndicator {

	private final ImportMonitor monitor;

	private final String provider;

	public LastImportHealthIndicator(ImportMonitor monitor, String provider) {
		super("Cannot read the last import run of provider " + provider);
		this.monitor = monitor;
		this.provider = provider;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		LastImport last = this.monitor.refresh(this.provider);
		if (last.executionId() == null) {
			builder.up().withDetail("lastRun", "none yet");
			return;
		}
		(last.failed() ? builder.down() : builder.up()).withDetail("executionId", last.executionId())
			.withDetail("status", last.status())
			.withDetail("exitCode", last.exitCode())
			.withDetail("rejected", last.rejected());
		if (last.ended() != null) {
			builder.withDetail("ended", last.ended().toString());
		}
		if (last.lastSuccess() != null) {
			builder.withDetail("lastSuccess", last.lastSuccess().toString());
		}
		if (last.circuitOpenUntil() != null) {
			builder.withDetail("circuitOpenUntil", last.circuitOpenUntil().toString());
		}
	}

}
