package com.fever.plans.batch.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;

import com.fever.plans.batch.history.ImportRuns;

/**
 * The retention rule of the staging directory. A staged feed
 * ({@code feed-<instance>.xml}) is kept while its run may be restarted over it, and
 * removed when:
 * <ul>
 * <li>its run completed (the job's listener already removes it; this catches the
 * rest);</li>
 * <li>its run was abandoned ({@code --abandon});</li>
 * <li>a later run completed: the failed run is superseded, and restarting it would import
 * an older feed over newer data, so a restart fetches afresh instead;</li>
 * <li>it is older than {@code plans.import.staging-retention};</li>
 * <li>no run of this database knows it.</li>
 * </ul>
 * A {@code .part} file is a download cut short by a killed process: removed too. The
 * launcher sweeps a provider's feeds with that provider's run lock held, so no fetch of
 * it is writing meanwhile.
 */
public class StagedFeeds {

	private static final Logger logger = LoggerFactory.getLogger(StagedFeeds.class);

	private static final Pattern FEED = Pattern.compile("feed-(\\d+)\\.xml(\\.part)?");

	private static final String LAST_STATUS = """
			SELECT e.STATUS FROM BATCH_JOB_EXECUTION e
			JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			WHERE i.JOB_NAME = ? AND e.JOB_INSTANCE_ID = ?
			ORDER BY e.JOB_EXECUTION_ID DESC LIMIT 1
			""";

	private final Path directory;

	private final Duration retention;

	private final JdbcTemplate jdbc;

	private final ImportRuns runs;

	private final Clock clock;

	public StagedFeeds(Path directory, Duration retention, JdbcTemplate jdbc, ImportRuns runs, Clock clock) {
		this.directory = directory;
		this.retention = retention;
		this.jdbc = jdbc;
		this.runs = runs;
		this.clock = clock;
	}

	/**
	 * Removes the provider's staged feeds the rule says to remove, and files no run
	 * knows; never fails (a feed it cannot remove is logged and left). The feeds of other
	 * providers are left alone: their runs may be fetching or loading right now.
	 * @param provider the provider whose run lock the caller holds
	 * @return the files removed
	 */
	public List<Path> sweep(String provider) {
		if (!Files.isDirectory(this.directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(this.directory)) {
			Long lastCompleted = this.runs.lastCompletedInstance(provider);
			Set<Long> instances = this.runs.instances(provider);
			dropStagedRowsOfEndedRuns(instances, lastCompleted);
			return files.sorted().filter((file) -> {
				String reason = removalReason(file, instances, lastCompleted);
				return reason != null && remove(file, reason);
			}).toList();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not clean the staging directory {}: {}", this.directory, ex.getMessage());
			return List.of();
		}
	}

	/**
	 * The rows a run left in {@code import_staging} follow its feed: an abandoned or
	 * superseded run will never be resumed over them (a restart of a superseded run
	 * fetches and loads afresh). Rows past the retention are dropped by the job's own
	 * {@code StagingGuard}.
	 */
	private void dropStagedRowsOfEndedRuns(Set<Long> instances, Long lastCompleted) {
		Long[] superseded = instances.stream()
			.filter((instance) -> lastCompleted != null && instance < lastCompleted)
			.toArray(Long[]::new);
		int dropped = this.jdbc.update("""
				DELETE FROM import_staging s
				WHERE s.job_instance_id = ANY (?)
				   OR EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION x
				              WHERE x.JOB_INSTANCE_ID = s.job_instance_id AND x.STATUS = 'ABANDONED')
				""", (PreparedStatementSetter) (statement) -> statement.setArray(1,
				statement.getConnection().createArrayOf("bigint", superseded)));
		if (dropped > 0) {
			logger.info("Dropped {} staged rows of abandoned or superseded runs", dropped);
		}
	}

	private String removalReason(Path file, Set<Long> instances, Long lastCompleted) {
		Matcher name = FEED.matcher(file.getFileName().toString());
		if (!name.matches() || !Files.isRegularFile(file)) {
			return null;
		}
		long instance = Long.parseLong(name.group(1));
		List<String> status = this.jdbc.queryForList(LAST_STATUS, String.class, ImportRuns.JOB_NAME, instance);
		if (status.isEmpty()) {
			return "no import run of this database staged it";
		}
		if (!instances.contains(instance)) {
			// Another provider's: its own launches sweep it.
			return null;
		}
		if (name.group(2) != null) {
			return "a download cut short";
		}
		if ("COMPLETED".equals(status.get(0)) || "ABANDONED".equals(status.get(0))) {
			return "its run is " + status.get(0);
		}
		if (lastCompleted != null && instance < lastCompleted) {
			return "superseded by the completed import of job instance " + lastCompleted
					+ " (a restart fetches afresh)";
		}
		try {
			Instant modified = Files.getLastModifiedTime(file).toInstant();
			if (modified.plus(this.retention).isBefore(this.clock.instant())) {
				return "older than plans.import.staging-retention (" + this.retention + ")";
			}
		}
		catch (IOException ex) {
			return null;
		}
		logger.info("Keeping the staged feed {} for a restart of job instance {} ({})", file, instance, status.get(0));
		return null;
	}

	private static boolean remove(Path file, String reason) {
		try {
			long size = Files.size(file);
			Files.delete(file);
			logger.info("Removed the staged feed {} ({} bytes): {}", file, size, reason);
			return true;
		}
		catch (NoSuchFileException ex) {
			return false;
		}
		catch (IOException ex) {
			logger.warn("Could not remove the staged feed {} ({}): {}", file, reason, ex.getMessage());
			return false;
		}
	}

}
