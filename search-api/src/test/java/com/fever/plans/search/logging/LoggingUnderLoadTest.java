package com.fever.plans.search.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The search API's logging configuration ({@code logback-spring.xml}), loaded the way
 * Spring Boot loads it, with a console that stops writing (a full pipe, a slow log
 * collector): a flood of access lines fills the asynchronous appender's queue, and an
 * ERROR logged then still reaches the console once it writes again, while access lines
 * were dropped rather than blocking their threads. Also: the one format switch gives ECS
 * JSON or the human-readable lines.
 */
class LoggingUnderLoadTest {

	private static final int FLOOD = 30_000;

	private final PrintStream originalOut = System.out;

	private final LogbackLoggingSystem loggingSystem = new LogbackLoggingSystem(getClass().getClassLoader());

	@AfterEach
	void restoreConsole() {
		System.setOut(this.originalOut);
	}

	@Test
	void errorsArriveWhileAccessLinesOverflowTheQueue() throws Exception {
		StalledConsole console = new StalledConsole();
		System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
		initializeLogging("ecs");
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.getLogger("plans.search.access").setLevel(Level.INFO);
		Logger access = LoggerFactory.getLogger("plans.search.access");
		Logger app = LoggerFactory.getLogger(LoggingUnderLoadTest.class);

		// The appender's worker takes the first line and stalls in the console.
		access.info("first access line");
		await().atMost(Duration.ofSeconds(10)).until(console::writerStalled);
		// Four request threads log far more access lines than the queue holds; none of
		// them may block (the flood ends), and the excess is dropped.
		ExecutorService requests = Executors.newFixedThreadPool(4);
		List<Future<?>> floods = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int thread = t;
			floods.add(requests.submit(() -> {
				for (int i = 0; i < FLOOD / 4; i++) {
					access.info("GET /search {} {}", thread, i);
				}
			}));
		}
		for (Future<?> flood : floods) {
			flood.get(60, TimeUnit.SECONDS);
		}
		requests.shutdown();
		app.error("database unreachable: the error line that must arrive");
		app.warn("slow request: the warning line that must arrive");

		console.resume();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> console.text().contains("the warning line that must arrive"));
		String out = console.text();
		assertThat(out).contains("\"level\":\"ERROR\"")
			.contains("database unreachable: the error line that must arrive");
		long accessLines = out.lines().filter((line) -> line.contains("GET /search")).count();
		assertThat(accessLines).as("access lines written").isPositive().isLessThan(FLOOD);
	}

	@Test
	void humanReadableLinesWithoutTheSwitch() throws Exception {
		StalledConsole console = new StalledConsole();
		console.resume();
		System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
		initializeLogging("");
		LoggerFactory.getLogger(LoggingUnderLoadTest.class).warn("a human-readable line");

		await().atMost(Duration.ofSeconds(10)).until(() -> console.text().contains("a human-readable line"));
		String line = console.text()
			.lines()
			.filter((l) -> l.contains("a human-readable line"))
			.findFirst()
			.orElseThrow();
		assertThat(line).doesNotStartWith("{").contains("WARN").contains("LoggingUnderLoadTest");
	}

	private void initializeLogging(String format) {
		MockEnvironment environment = new MockEnvironment();
		environment.setProperty("logging.structured.format.console", format);
		environment.setProperty("spring.application.name", "search-api");
		this.loggingSystem.cleanUp();
		this.loggingSystem.beforeInitialize();
		this.loggingSystem.initialize(new LoggingInitializationContext(environment), "classpath:logback-spring.xml",
				null);
	}

	/**
	 * A console that blocks its writer until {@link #resume()} and keeps what it got.
	 */
	private static final class StalledConsole extends OutputStream {

		private final CountDownLatch resumed = new CountDownLatch(1);

		private final ByteArrayOutputStream written = new ByteArrayOutputStream();

		private volatile boolean stalled;

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			if (this.resumed.getCount() > 0) {
				this.stalled = true;
				try {
					this.resumed.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			synchronized (this.written) {
				this.written.write(bytes, offset, length);
			}
		}

		boolean writerStalled() {
			return this.stalled;
		}

		void resume() {
			this.resumed.countDown();
		}

		String text() {
			synchronized (this.written) {
				return this.written.toString(StandardCharsets.UTF_8);
			}
		}

	}

}
