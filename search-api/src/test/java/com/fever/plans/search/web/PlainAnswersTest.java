package com.fever.plans.search.web;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import com.fever.plans.search.config.SearchProperties;
import com.fever.plans.search.web.SearchRoute.SnapshotWindow;
import com.fever.plans.search.window.SearchWindow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain answers' cache holds exactly one reference of each buffer it keeps and gives
 * it back whenever an entry goes: no direct memory leaks, and no buffer is released while
 * a response still holds it.
 */
class PlainAnswersTest {

	private static final PooledByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

	// Answering from the snapshot with digest "d1".
	private static PlainAnswers answers(DataSize maxSize) {
		PlainAnswers answers = new PlainAnswers(new SearchProperties(ZoneId.of("UTC"), DataSize.ofMegabytes(1),
				"no-cache", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 64,
				Duration.ofSeconds(1), null, DataSize.ofMegabytes(4), maxSize), new SimpleMeterRegistry());
		answers.answeringFrom("d1");
		return answers;
	}

	private static SnapshotWindow key(String digest, int day) {
		LocalDateTime from = LocalDateTime.of(2021, 1, 1, 0, 0).plusDays(day);
		return new SnapshotWindow(digest, new SearchWindow(from, from.plusDays(1)));
	}

	private static ByteBuf body(int bytes) {
		ByteBuf body = ALLOCATOR.directBuffer(bytes, bytes);
		body.writeZero(bytes);
		return body;
	}

	@Test
	void onlyAWindowAskedForAgainIsKept() {
		PlainAnswers answers = answers(DataSize.ofMegabytes(1));
		SnapshotWindow key = key("d1", 1);

		assertThat(answers.admits(key)).isFalse();
		assertThat(answers.admits(key)).isTrue();
		assertThat(answers.admits(key("d2", 1))).as("another snapshot's window").isFalse();
	}

	@Test
	void aHitIsAReferenceOfItsOwnAndReplacementReleasesTheKeptBuffer() {
		PlainAnswers answers = answers(DataSize.ofMegabytes(1));
		ByteBuf body = body(1000);
		answers.offer(key("d1", 1), body);
		// The caller's reference (sent and released by Netty) and the cache's.
		assertThat(body.refCnt()).isEqualTo(2);
		body.release();

		ByteBuf hit = answers.get(key("d1", 1));
		assertThat(hit).isNotNull();
		assertThat(hit.readableBytes()).isEqualTo(1000);
		assertThat(body.refCnt()).isEqualTo(2);
		answers.snapshotReplaced(null);
		// Dropped from the cache, still readable by the response that holds it.
		assertThat(answers.get(key("d1", 1))).isNull();
		assertThat(body.refCnt()).isEqualTo(1);
		assertThat(hit.getByte(999)).isZero();
		hit.release();
		assertThat(body.refCnt()).isZero();
	}

	@Test
	void aSecondCopyOfTheSameWindowIsNotKept() {
		PlainAnswers answers = answers(DataSize.ofMegabytes(1));
		ByteBuf first = body(100);
		ByteBuf second = body(100);
		answers.offer(key("d1", 1), first);
		answers.offer(key("d1", 1), second);

		assertThat(first.refCnt()).isEqualTo(2);
		assertThat(second.refCnt()).isEqualTo(1);
		first.release();
		second.release();
		answers.destroy();
		assertThat(first.refCnt()).isZero();
	}

	@Test
	void anAnswerOfAReplacedSnapshotIsNotKept() {
		PlainAnswers answers = answers(DataSize.ofMegabytes(1));
		answers.answeringFrom("d2");
		ByteBuf body = body(100);

		answers.offer(key("d1", 1), body);

		assertThat(body.refCnt()).as("only the caller's reference").isOne();
		assertThat(answers.get(key("d1", 1))).isNull();
		body.release();
	}

	@Test
	void evictionReleasesAndTheBoundHolds() {
		PlainAnswers answers = answers(DataSize.ofKilobytes(64));
		List<ByteBuf> bodies = new ArrayList<>();
		for (int day = 0; day < 100; day++) {
			ByteBuf body = body(4096);
			bodies.add(body);
			answers.offer(key("d1", day), body);
			body.release();
		}

		assertThat(answers.size()).isLessThanOrEqualTo(64 * 1024 / 4096);
		long held = bodies.stream().filter((body) -> body.refCnt() > 0).count();
		assertThat(held).isEqualTo(answers.size());
		answers.destroy();
		assertThat(bodies).allSatisfy((body) -> assertThat(body.refCnt()).isZero());
	}

	@Test
	void concurrentHitsOffersAndSnapshotSwapsLeaveNoReferenceBehind() throws Exception {
		PlainAnswers answers = answers(DataSize.ofKilobytes(256));
		ConcurrentLinkedQueue<ByteBuf> made = new ConcurrentLinkedQueue<>();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> tasks = new ArrayList<>();
			for (int t = 0; t < 3; t++) {
				tasks.add(pool.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int i = 0; i < 20_000; i++) {
						SnapshotWindow key = key("d1", random.nextInt(40));
						ByteBuf hit = answers.get(key);
						if (hit != null) {
							// A response reads what it holds, then Netty releases it.
							assertThat(hit.getByte(hit.readerIndex())).isZero();
							hit.release();
						}
						else {
							ByteBuf body = body(1024 + random.nextInt(8192));
							made.add(body);
							answers.offer(key, body);
							body.release();
						}
					}
				}));
			}
			tasks.add(pool.submit(() -> {
				// Away from "d1" and back: offers race with the replacement both ways.
				for (int i = 0; i < 2_000; i++) {
					answers.answeringFrom((i % 2 == 0) ? "d2" : "d1");
					Thread.onSpinWait();
				}
			}));
			for (Future<?> task : tasks) {
				task.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		answers.destroy();

		assertThat(made).isNotEmpty();
		assertThat(made).allSatisfy((body) -> assertThat(body.refCnt()).isZero());
	}

}
