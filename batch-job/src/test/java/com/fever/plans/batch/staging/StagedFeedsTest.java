package com.fever.plans.batch.staging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fever.plans.batch.launch.CutConnection;
import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staging directory's retention rule: a failed run's feed is kept for its restart,
 * and removed once a later run completes, or when it is older than
 * {@code plans.import.staging-retention} (7 days by default); leftovers go. A full disk
 * fails the run cleanly, without retrying, and the run can be restarted.
 */
class StagedFeedsTest extends ImportIntegrationTest {

	@AfterEach
	void dropTrigger() {
		CutConnection.remove(this.jdbc);
	}

	@Test
	void aFailedRunsFeedIsKeptUntilALaterRunCompletes() throws Exception {
		Path staged = failedRunWithStagedFeed();

		// A later run that fails does not supersede it.
		provider.always(Answer.status(503, "down"));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		assertThat(staged).exists();
		assertThat(stagedRows()).as("the failed run's staged rows, kept for its restart").isPositive();

		// A later run that completes does, and the failed run's staged rows go with its
		// feed.
		provider.always(Answer.xml(Feeds.answer(3)));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		assertThat(staged).doesNotExist();
		assertThat(stagingDir()).isEmptyDirectory();
		assertThat(stagedRows()).isZero();
	}

	@Test
	void aFailedRunsFeedOlderThanTheRetentionIsRemoved() throws Exception {
		Path staged = failedRunWithStagedFeed();
		provider.always(Answer.status(503, "down"));

		Files.setLastModifiedTime(staged, FileTime.from(Instant.now().minus(Duration.ofDays(6))));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		assertThat(staged).exists();

		Files.setLastModifiedTime(staged, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		assertThat(staged).doesNotExist();
	}

	@Test
	void leftoversAreRemovedAndOtherFilesLeftAlone() throws Exception {
		Path part = Files.writeString(stagingDir().resolve("feed-1.xml.part"), "<planList>");
		Path unknown = Files.writeString(stagingDir().resolve("feed-999999.xml"), "<planList/>");
		Path other = Files.writeString(stagingDir().resolve("notes.txt"), "an operator's notes");
		try {
			provider.always(Answer.status(503, "down"));
			assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);

			assertThat(part).doesNotExist();
			assertThat(unknown).doesNotExist();
			assertThat(other).exists();
		}
		finally {
			Files.deleteIfExists(other);
		}
	}

	/**
	 * The disk fills while the feed is staged. The staging file is {@code /dev/full},
	 * through a symbolic link where the fetch writes its download: every write fails with
	 * the kernel's own ENOSPC ("No space left on device"), as on a full volume, and
	 * everything above the write runs as in production.
	 */
	@Test
	void aFullDiskFailsTheRunCleanlyWithoutRetryingAndTheRunCanBeRestarted() throws Exception {
		Path full = Path.of("/dev/full");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
		long nextInstance = this.jdbc.queryForObject("SELECT nextval('BATCH_JOB_INSTANCE_SEQ')", Long.class) + 1;
		Path download = stagingDir().resolve("feed-" + nextInstance + ".xml.part");
		Files.createSymbolicLink(download, full);
		byte[] feed = Feeds.generated(200, 3, 0);
		provider.always(Answer.xml(feed));

		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);

		assertThat(provider.requests()).as("a full disk is not retried").isOne();
		assertThat(lastExitDescription()).contains("Could not write the staged feed")
			.contains("No space left on device")
			.contains("then restart this run");
		assertThat(this.jdbc.queryForObject("SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION", Long.class))
			.isEqualTo(nextInstance);
		assertThat(download).doesNotExist();
		assertThat(stagingDir()).isEmptyDirectory();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isZero();

		assertThat(this.launcher.restart(null)).isEqualTo(ImportExitCode.COMPLETED);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM BATCH_JOB_INSTANCE", Long.class)).isOne();
	}

	private long stagedRows() {
		return this.jdbc.queryForObject("SELECT count(*) FROM import_staging", Long.class);
	}

	/** A run that fails in its import step, its feed staged for a restart. */
	private Path failedRunWithStagedFeed() throws Exception {
		CutConnection.at(this.jdbc, 5);
		provider.enqueue(Answer.xml(Feeds.generated(10, 1, 0)));
		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);
		CutConnection.remove(this.jdbc);
		long instance = this.jdbc.queryForObject("SELECT max(JOB_INSTANCE_ID) FROM BATCH_JOB_INSTANCE", Long.class);
		Path staged = stagingDir().resolve("feed-" + instance + ".xml");
		assertThat(staged).exists();
		return staged;
	}

}
