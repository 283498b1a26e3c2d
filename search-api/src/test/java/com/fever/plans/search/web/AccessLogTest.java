package com.fever.plans.search.web;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the access log writes (server errors and slow requests always, at WARN; every
 * other request only with the logger at INFO) and the latency timer it records for every
 * request.
 */
class AccessLogTest {

	private static final String QUERY = "starts_at=2021-01-01T00:00:00Z";

	private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);

	private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private Level previousLevel;

	@BeforeEach
	void capture() {
		this.previousLevel = this.logger.getLevel();
		this.lines.start();
		this.logger.addAppender(this.lines);
		this.logger.setLevel(Level.WARN);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.lines);
		this.logger.setLevel(this.previousLevel);
	}

	@Test
	void aFastSuccessfulRequestWritesNothingByDefault() {
		log(Duration.ofSeconds(1)).record("GET", "/search", "/search", QUERY, 200, 1_000);

		assertThat(this.lines.list).isEmpty();
	}

	@Test
	void aServerErrorIsLoggedAtWarnWithItsFields() {
		log(Duration.ofSeconds(1)).record("GET", "/search", "/search", QUERY, 503, 1_000);

		assertThat(this.lines.list).singleElement().satisfies((line) -> {
			assertThat(line.getLevel()).isEqualTo(Level.WARN);
			assertThat(line.getFormattedMessage()).startsWith("GET /search?starts_at=2021-01-01T00:00:00Z 503 ");
			assertThat(line.getKeyValuePairs()).extracting((pair) -> pair.key)
				.containsExactly("http.method", "url.path", "url.query", "http.status", "duration.us");
		});
	}

	@Test
	void aSlowRequestIsLoggedAtWarn() {
		log(Duration.ofMillis(1)).record("GET", "/search", "/search", null, 200, 2_000_000);

		assertThat(this.lines.list).singleElement().satisfies((line) -> {
			assertThat(line.getLevel()).isEqualTo(Level.WARN);
			assertThat(line.getFormattedMessage()).startsWith("GET /search 200 2000us");
		});
	}

	@Test
	void everyRequestIsLoggedWithTheLoggerAtInfo() {
		this.logger.setLevel(Level.INFO);
		AccessLog log = log(Duration.ofSeconds(1));

		log.record("GET", "/search", "/search", QUERY, 200, 1_000);
		log.record("GET", "/search", "/search", QUERY, 400, 1_000);

		assertThat(this.lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.INFO);
	}

	@Test
	void everyRequestIsTimedByUriTemplateAndStatus() {
		AccessLog log = log(Duration.ofSeconds(1));

		log.record("GET", "/search", "/search", QUERY, 200, 1_000);
		log.record("GET", "/search", "/search", QUERY, 200, 1_000);
		log.record("GET", "/search", "/search", QUERY, 503, 1_000);
		log.record("GET", "NOT_FOUND", "/nope", null, 404, 1_000);

		Timer ok = this.registry.get("http.server.requests")
			.tags("method", "GET", "uri", "/search", "status", "200", "outcome", "SUCCESS")
			.timer();
		Timer failed = this.registry.get("http.server.requests")
			.tags("status", "503", "outcome", "SERVER_ERROR")
			.timer();
		Timer notFound = this.registry.get("http.server.requests")
			.tags("uri", "NOT_FOUND", "status", "404", "outcome", "CLIENT_ERROR")
			.timer();
		assertThat(ok.count()).isEqualTo(2);
		assertThat(failed.count()).isEqualTo(1);
		assertThat(notFound.count()).isEqualTo(1);
		assertThat(this.lines.list).hasSize(1);
	}

	@Test
	void withTheLoggerOffNothingIsLogged() {
		this.logger.setLevel(Level.OFF);

		log(Duration.ZERO).record("GET", "/search", "/search", QUERY, 500, 1_000);

		assertThat(this.lines.list).isEmpty();
	}

	private AccessLog log(Duration slowThreshold) {
		return new AccessLog(new AccessLogProperties(slowThreshold), this.registry);
	}

}
