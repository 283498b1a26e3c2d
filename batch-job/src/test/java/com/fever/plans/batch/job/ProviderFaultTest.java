package com.fever.plans.batch.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile provider: every fault ends the run as specified (failed, with a message that
 * says why) and leaves {@code events} as it was.
 */
class ProviderFaultTest extends ImportIntegrationTest {

	private static final byte[] FEED = Feeds.answer(2);

	private static final String XXE = """
			<?xml version="1.0"?>
			<!DOCTYPE planList [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
			<planList><output><base_plan base_plan_id="1" sell_mode="online" title="&secret;"/></output></planList>
			""";

	private static final String ENTITY_BOMB = """
			<?xml version="1.0"?>
			<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
			<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
			<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
			<planList><output>&lol3;</output></planList>
			""";

	private List<Map<String, Object>> before;

	@BeforeEach
	void importAGoodFeedFirst() {
		assertThat(importFeed(Feeds.answer(1))).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		this.before = events();
		provider.reset();
	}

	static Stream<Arguments> faults() {
		return Stream.of(
				Arguments.of("timeout (no answer within the read timeout)",
						Answer.delayed(Duration.ofMillis(1500), FEED), "Read timed out"),
				Arguments.of("slow body (trickles past the deadline)", Answer.trickle(FEED, Duration.ofMillis(60)),
						"deadline"),
				Arguments.of("500", Answer.status(500, "Internal Server Error"), "HTTP 500"),
				Arguments.of("503", Answer.status(503, "Service Unavailable"), "HTTP 503"),
				Arguments.of("429", Answer.status(429, "Too Many Requests", Map.of("Retry-After", "0")), "HTTP 429"),
				Arguments.of("connection reset", Answer.connectionReset(), "Could not fetch"),
				Arguments.of("truncated body", Answer.truncated(FEED, FEED.length / 2), "truncated"),
				Arguments.of("malformed XML", Answer.body("application/xml", "<planList><output><base_plan></output>"),
						"not well-formed XML"),
				Arguments.of("HTML with 200", Answer.body("text/html", "<!DOCTYPE html><html><body>Oops</body></html>"),
						"HTML page"),
				Arguments.of("empty body", Answer.body("application/xml", ""), "empty"),
				Arguments.of("JSON", Answer.body("application/json", "{\"error\":\"maintenance\"}"), "JSON"),
				Arguments.of("wrong root element", Answer.body("application/xml", "<events/>"), "expected <planList>"),
				Arguments.of("oversized", Answer.xml(new byte[2 * 1024 * 1024]), "larger than plans.provider.max-size"),
				Arguments.of("XXE", Answer.body("application/xml", XXE), "DTDs and external entities are refused"),
				Arguments.of("entity bomb", Answer.body("application/xml", ENTITY_BOMB),
						"DTDs and external entities are refused"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("faults")
	void aFaultFailsTheRunAndLeavesEventsAsTheyWere(String fault, Answer answer, String message) {
		provider.always(answer);

		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);

		assertThat(events()).isEqualTo(this.before);
		assertThat(lastExitDescription()).contains(message);
	}

	@Test
	void transientFaultsAreRetried() {
		provider.enqueue(Answer.status(503, "busy"), Answer.connectionReset(), Answer.xml(FEED));

		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);

		assertThat(provider.requests()).isEqualTo(3);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM events WHERE plan_id = '1643'", Integer.class))
			.isOne();
	}

	@Test
	void retryAfterIsHonoured() {
		provider.enqueue(Answer.status(429, "slow down", Map.of("Retry-After", "1")), Answer.xml(FEED));
		long started = System.nanoTime();

		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aClientErrorIsNotRetried() {
		provider.always(Answer.status(404, "Not Found"));

		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);

		assertThat(provider.requests()).isOne();
		assertThat(lastExitDescription()).contains("HTTP 404");
	}

	@Test
	void aFeedWithADoctypeIsNotRetried() {
		provider.always(Answer.body("application/xml", XXE));

		assertThat(this.launcher.runOnce()).isEqualTo(ImportExitCode.FAILED);

		assertThat(provider.requests()).isOne();
		assertThat(new String(FEED, StandardCharsets.UTF_8)).contains("planList");
	}

}
