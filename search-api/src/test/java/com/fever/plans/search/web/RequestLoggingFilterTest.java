package com.fever.plans.search.web;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.servlet.ServletException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the access log writes (server errors and slow requests always, at WARN; every
 * other request only with the logger at INFO) and the latency timer it records for every
 * request.
 */
class RequestLoggingFilterTest {

	private final Logger logger = (Logger) LoggerFactory.getLogger(RequestLoggingFilter.LOGGER);

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
	void aFastSuccessfulRequestWritesNothingByDefault() throws Exception {
		run(filter(Duration.ofSeconds(1)), 200);

		assertThat(this.lines.list).isEmpty();
	}

	@Test
	void aServerErrorIsLoggedAtWarnWithItsFields() throws Exception {
		run(filter(Duration.ofSeconds(1)), 503);

		assertThat(this.lines.list).singleElement().satisfies((line) -> {
			assertThat(line.getLevel()).isEqualTo(Level.WARN);
			assertThat(line.getFormattedMessage()).startsWith("GET /search?starts_at=2021-01-01T00:00:00Z 503 ");
			assertThat(line.getKeyValuePairs()).extracting((pair) -> pair.key)
				.containsExactly("http.method", "url.path", "url.query", "http.status", "duration.us");
		});
	}

	@Test
	void anExceptionLeavingTheChainIsLoggedAs500() {
		MockFilterChain failing = new MockFilterChain() {
			@Override
			public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response)
					throws ServletException {
				throw new ServletException("boom");
			}
		};

		assertThatThrownBy(
				() -> filter(Duration.ofSeconds(1)).doFilter(request(), new MockHttpServletResponse(), failing))
			.isInstanceOf(ServletException.class);
		assertThat(this.lines.list).singleElement()
			.satisfies((line) -> assertThat(line.getFormattedMessage()).contains(" 500 "));
	}

	@Test
	void aSlowRequestIsLoggedAtWarn() throws Exception {
		run(filter(Duration.ZERO), 200);

		assertThat(this.lines.list).singleElement()
			.satisfies((line) -> assertThat(line.getLevel()).isEqualTo(Level.WARN));
	}

	@Test
	void everyRequestIsLoggedWithTheLoggerAtInfo() throws Exception {
		this.logger.setLevel(Level.INFO);

		run(filter(Duration.ofSeconds(1)), 200);
		run(filter(Duration.ofSeconds(1)), 400);

		assertThat(this.lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.INFO);
	}

	@Test
	void everyRequestIsTimedByUriTemplateAndStatus() throws Exception {
		run(filter(Duration.ofSeconds(1)), 200);
		run(filter(Duration.ofSeconds(1)), 200);
		run(filter(Duration.ofSeconds(1)), 503);

		Timer ok = this.registry.get("http.server.requests")
			.tags("method", "GET", "uri", "/search", "status", "200", "outcome", "SUCCESS")
			.timer();
		Timer failed = this.registry.get("http.server.requests")
			.tags("status", "503", "outcome", "SERVER_ERROR")
			.timer();
		assertThat(ok.count()).isEqualTo(2);
		assertThat(failed.count()).isEqualTo(1);
		assertThat(this.lines.list).hasSize(1);
	}

	@Test
	void withTheLoggerOffNothingIsLogged() throws Exception {
		this.logger.setLevel(Level.OFF);

		run(filter(Duration.ZERO), 500);

		assertThat(this.lines.list).isEmpty();
	}

	private RequestLoggingFilter filter(Duration slowThreshold) {
		return new RequestLoggingFilter(new AccessLogProperties(slowThreshold), this.registry);
	}

	private static MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/search");
		request.setQueryString("starts_at=2021-01-01T00:00:00Z");
		request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/search");
		return request;
	}

	private static void run(RequestLoggingFilter filter, int status) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain() {
			@Override
			public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
				((MockHttpServletResponse) response).setStatus(status);
			}
		};
		filter.doFilter(request(), response, chain);
		assertThat(response.getStatus()).isEqualTo(status);
	}

}
