package com.fever.plans.batch.launch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two launches at once: one runs, the other exits at once with "already running".
 */
class ConcurrentLaunchTest extends ImportIntegrationTest {

	@Test
	void theSecondLaunchExitsAlreadyRunning() throws Exception {
		// A slow answer keeps the first run busy while the second launches.
		provider.enqueue(Answer.delayed(Duration.ofSeconds(3), Feeds.answer(2)));
		CompletableFuture<ImportExitCode> first = CompletableFuture.supplyAsync(this.launcher::runOnce);
		await().atMost(Duration.ofSeconds(5)).until(() -> provider.requests() == 1);

		ImportExitCode second = this.launcher.runOnce();

		// It did not wait for the lock: the first run is still waiting for its slow
		// answer.
		assertThat(second).isEqualTo(ImportExitCode.ALREADY_RUNNING);
		assertThat(first).isNotDone();
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		assertThat(provider.requests()).isOne();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM BATCH_JOB_EXECUTION", Integer.class)).isOne();
	}

}
