package com.fever.plans.batch.job;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the import runs ({@code plans.import.*}).
 *
 * @param chunkSize base plans per transaction
 * @param skipLimit how many rejected plans a run tolerates before it fails
 * @param stagingDir where fetched feeds are staged (kept after a failure, for the
 * restart); by default {@code plans-staging} in {@code java.io.tmpdir}
 * @param progressInterval how often a long import logs its progress
 * @param seenRefresh how stale {@code last_seen_at} may get before an unchanged row is
 * rewritten to refresh it
 * @param skipUnchanged skip the import when the feed's SHA-256 equals the last completed
 * one's
 * @param vacuumAfterImport run {@code VACUUM events} after an import changed rows, so the
 * search's index-only scans stay index-only, with {@code ANALYZE} when a tenth of the
 * table changed
 * @param stagingRetention how long a failed or stopped run's staged feed file and the
 * rows it left in {@code import_staging} are kept for its restart (unless a later run
 * completes, or the run is abandoned, first)
 * @param processingThreads threads that map base plans while the step's thread reads the
 * feed and writes the mapped ones into the COPY
 */
@ConfigurationProperties("plans.import")
public record ImportProperties(@DefaultValue("100") int chunkSize, @DefaultValue("1000") long skipLimit,
		@Nullable Path stagingDir, @DefaultValue("10s") Duration progressInterval,
		@DefaultValue("1d") Duration seenRefresh, @DefaultValue("true") boolean skipUnchanged,
		@DefaultValue("true") boolean vacuumAfterImport, @DefaultValue("7d") Duration stagingRetention,
		@DefaultValue("1") int processingThreads) {

	public ImportProperties {
		// Here rather than in @DefaultValue, which Spring Boot does not resolve
		// placeholders in: "${java.io.tmpdir}" would be taken literally.
		if (stagingDir == null) {
			stagingDir = Path.of(System.getProperty("java.io.tmpdir"), "plans-staging");
		}
	}

}
