package com.fever.plans.batch.staging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.launch.JobProcess;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A staging directory on a volume too small for the feed: the job process runs with its
 * staging directory on a 64 KB tmpfs (mounted in a user and mount namespace of its own,
 * {@code unshare}, so no root is needed and nothing outside it sees the mount). The
 * download fills it mid-file; the run must fail cleanly with the reason and be
 * restartable once there is room.
 */
class FullDiskProcessTest extends ImportIntegrationTest {

	private static final List<String> ON_A_TINY_VOLUME = List.of("unshare", "--user", "--map-root-user", "--mount",
			"sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$PLANS_IMPORT_STAGINGDIR\" && exec \"$@\"", "tiny-volume");

	@Value("${spring.datasource.url}")
	private String url;

	@Value("${spring.datasource.username}")
	private String username;

	@Value("${spring.datasource.password:}")
	private String password;

	@Test
	void aFullStagingVolumeFailsTheRunCleanlyAndTheRunRestartsOnceThereIsRoom() throws Exception {
		Assumptions.assumeTrue(canMountInANamespace(), "needs unshare and unprivileged user namespaces");
		byte[] feed = Feeds.generated(1000, 3, 0);
		assertThat(feed.length).isGreaterThan(4 * 64 * 1024);
		provider.always(Answer.xml(feed));
		Path log = Files.createTempFile("batch-job-", ".log");

		Process job = JobProcess.start(log,
				Map.of("SPRING_DATASOURCE_URL", this.url, "SPRING_DATASOURCE_USERNAME", this.username,
						"SPRING_DATASOURCE_PASSWORD", this.password, "PLANS_PROVIDER_URL", provider.url().toString(),
						"PLANS_IMPORT_STAGINGDIR", stagingDir().toString(), "PLANS_CIRCUITBREAKER_ENABLED", "false"),
				ON_A_TINY_VOLUME);

		assertThat(job.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(job.exitValue()).as(output).isOne();
		assertThat(provider.requests()).as("a full disk is not retried").isOne();
		assertThat(this.jdbc.queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION", String.class))
			.isEqualTo("FAILED");
		assertThat(lastExitDescription()).contains("Could not write the staged feed")
			.contains("No space left on device")
			.containsPattern("free of \\d+ KB");
		assertThat(output).containsPattern("Import run \\d+ ended FAILED: Could not write the staged feed");

		// Outside the namespace the directory has room: the restart fetches and imports.
		assertThat(this.launcher.restart(null)).isEqualTo(ImportExitCode.COMPLETED);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(1000);
	}

	private static boolean canMountInANamespace() {
		try {
			Process probe = new ProcessBuilder(List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
					"mount -t tmpfs -o size=64k tmpfs /tmp"))
				.redirectErrorStream(true)
				.start();
			probe.getInputStream().readAllBytes();
			return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
