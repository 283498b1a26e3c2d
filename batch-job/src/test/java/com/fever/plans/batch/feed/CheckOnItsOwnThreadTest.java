package com.fever.plans.batch.feed;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The feed's check on its own thread gives the answer it gives inline, whatever the
 * buffers and however the caller reuses them, reports a bad payload at the next buffer or
 * at the end, and never outlives {@code close}.
 */
class CheckOnItsOwnThreadTest {

	private final FeedValidator validator = new FeedValidator();

	@Test
	void countsWhatTheInlineCheckCounts() throws Exception {
		byte[] feed = feedOf(2_000);
		for (int bufferSize : new int[] { 1, 100, 4096, 64 * 1024 }) {
			FeedValidator.Check inline = this.validator.start();
			FeedValidator.Check background = this.validator.start();
			try (CheckOnItsOwnThread<Long> check = new CheckOnItsOwnThread<>(bufferSize, background::feed,
					background::finish)) {
				byte[] reused = new byte[bufferSize];
				for (int offset = 0; offset < feed.length; offset += bufferSize) {
					int length = Math.min(bufferSize, feed.length - offset);
					System.arraycopy(feed, offset, reused, 0, length);
					inline.feed(reused, 0, length);
					check.feed(reused, 0, length);
					// The caller's buffer is its own again at once: scribbling on it must
					// not reach the check.
					Arrays.fill(reused, (byte) '!');
				}
				assertThat(check.finish()).as("buffers of %d bytes", bufferSize)
					.isEqualTo(inline.finish())
					.isEqualTo(2_000);
			}
		}
	}

	@Test
	void aBadPayloadIsReportedAtTheNextBufferOrAtTheEnd() throws Exception {
		byte[] feed = "<planList><output><base_plan></output></planList>".getBytes(StandardCharsets.UTF_8);
		FeedValidator.Check validation = this.validator.start();
		CheckOnItsOwnThread<Long> check = new CheckOnItsOwnThread<>(feed.length, validation::feed, validation::finish);
		check.feed(feed, 0, feed.length);
		assertThatThrownBy(() -> {
			// A few more buffers at most reach the parser's failure.
			for (int i = 0; i < 100; i++) {
				check.feed(new byte[] { ' ' }, 0, 1);
				Thread.sleep(10);
			}
			check.finish();
		}).isInstanceOf(InvalidFeedException.class).hasMessageContaining("malformed");
		check.close();
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch((thread) -> thread.getName().equals("feed-check"));
	}

	@Test
	@Timeout(10)
	void anErrorInTheCheckReachesTheFetchInsteadOfHangingIt() throws Exception {
		CheckOnItsOwnThread<Long> check = new CheckOnItsOwnThread<>(16, (buffer, offset, length) -> {
			throw new StackOverflowError("a pathologically nested payload");
		}, () -> 0L);
		// More buffers than the pool holds: with the checking thread gone, the fetch
		// would
		// wait for a free buffer for ever.
		assertThatThrownBy(() -> {
			for (int i = 0; i < 100; i++) {
				check.feed(new byte[16], 0, 16);
				Thread.sleep(1);
			}
			check.finish();
		}).isInstanceOf(StackOverflowError.class);
		check.close();
	}

	@Test
	void closingWithoutFinishingStopsTheThread() throws Exception {
		byte[] feed = feedOf(10);
		FeedValidator.Check validation = this.validator.start();
		try (CheckOnItsOwnThread<Long> check = new CheckOnItsOwnThread<>(1024, validation::feed, validation::finish)) {
			check.feed(feed, 0, 500);
		}
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch((thread) -> thread.getName().equals("feed-check"));
	}

	private static byte[] feedOf(int basePlans) {
		StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<planList><output>\n");
		for (int i = 0; i < basePlans; i++) {
			xml.append("<base_plan base_plan_id=\"")
				.append(i)
				.append("\" sell_mode=\"online\" title=\"Plan ")
				.append(i)
				.append("\"><plan plan_id=\"1\" plan_start_date=\"2021-01-01T20:00:00\"")
				.append(" plan_end_date=\"2021-01-01T22:00:00\"/></base_plan>\n");
		}
		return xml.append("</output></planList>\n").toString().getBytes(StandardCharsets.UTF_8);
	}

}
