package com.fever.plans.batch.launch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two launches at once: one runs, the other exits at once with "already running".
 */
@TestPropertySource(properties = { "plans.provider.read-timeout=60s", "plans.provider.deadline=60s" })
class ConcurrentLaunchTest extends ImportIntegrationTest {

	@Test
	void theSecondLaunchExitsAlreadyRunning() throws Exception {
		// The provider holds its answer until the second launch has returned: the first
		// run is certainly still running, holding the lock, when the second one starts.
		CountDownLatch secondReturned = new CountDownLatch(1);
		provider.enqueue(Answer.heldUntil(secondReturned, Feeds.answer(2)));
		CompletableFuture<ImportExitCode> first = CompletableFuture.supplyAsync(this.launcher::runOnce);
		await().atMost(Duration.ofSeconds(30)).until(() -> provider.requests() == 1);

		ImportExitCode second = this.launcher.runOnce();
		secondReturned.countDown();

		assertThat(second).isEqualTo(ImportExitCode.ALREADY_RUNNING);
		assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		assertThat(provider.requests()).isOne();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM BATCH_JOB_EXECUTION", Integer.class)).isOne();
	}

}
