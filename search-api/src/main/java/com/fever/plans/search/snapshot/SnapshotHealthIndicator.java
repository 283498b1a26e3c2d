package com.fever.plans.search.snapshot;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code searchSnapshot} in {@code /actuator/health}, and part of readiness: out of
 * service until the first snapshot is loaded (or the search is known to be answered from
 * PostgreSQL), with where the search is answered from and why.
 */
@Component("searchSnapshotHealthIndicator")
class SnapshotHealthIndicator implements HealthIndicator {

	private final SearchSnapshots snapshots;

	SnapshotHealthIndicator(SearchSnapshots snapshots) {
		this.snapshots = snapshots;
	}

	@Override
	public Health health() {
		SearchSnapshots.Mode mode = this.snapshots.mode();
		Health.Builder health = (mode == SearchSnapshots.Mode.LOADING) ? Health.outOfService() : Health.up();
		health.withDetail("answeredFrom", (mode == SearchSnapshots.Mode.SNAPSHOT) ? "snapshot" : "database")
			.withDetail("mode", mode.name().toLowerCase(java.util.Locale.ROOT))
			.withDetail("budgetBytes", this.snapshots.budgetBytes());
		if (!this.snapshots.reason().isEmpty()) {
			health.withDetail("reason", this.snapshots.reason());
		}
		EventSnapshot snapshot = this.snapshots.current();
		if (snapshot != null) {
			health.withDetail("events", snapshot.count())
				.withDetail("bytes", snapshot.bytes())
				.withDetail("dataVersion", snapshot.dataVersion())
				.withDetail("ageSeconds", Duration.between(snapshot.builtAt(), Instant.now()).toSeconds())
				.withDetail("lastBuildMillis", this.snapshots.lastBuild().toMillis());
		}
		return health.build();
	}

}
