package com.fever.plans.batch.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The feed's check on bytes alone, as the fetch feeds it: any buffer boundaries, one
 * answer per kind of bad payload, and whether it is worth retrying.
 */
class FeedValidatorTest {

	private static final String PLANS = """
			<?xml version="1.0" encoding="UTF-8"?>
			<planList version="1.0">
			   <output>
			      <base_plan base_plan_id="291" sell_mode="online" title="Camela">
			         <plan plan_id="291" plan_start_date="2021-06-30T21:00:00" plan_end_date="2021-06-30T22:00:00">
			            <zone zone_id="40" capacity="243" price="20.00" name="Platea" numbered="true"/>
			         </plan>
			      </base_plan>
			      <base_plan base_plan_id="322" sell_mode="offline" title="Pantomima">
			         <plan plan_id="1642" plan_start_date="2021-02-10T20:00:22" plan_end_date="2021-02-10T21:00:22"/>
			      </base_plan>
			   </output>
			</planList>
			""";

	private final FeedValidator validator = new FeedValidator();

	@ParameterizedTest
	@ValueSource(ints = { 1, 7, 256, 64 * 1024 })
	void countsTheBasePlansWhateverTheBuffers(int bufferSize) {
		assertThat(check(PLANS, bufferSize)).isEqualTo(2);
	}

	@Test
	void acceptsTheProvidersFixtures() throws IOException {
		for (String name : new String[] { "response_1.xml", "response_2.xml", "response_3.xml" }) {
			try (InputStream in = getClass().getResourceAsStream("/feeds/" + name)) {
				assertThat(check(new String(in.readAllBytes(), StandardCharsets.UTF_8), 8192)).as(name).isPositive();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 300, 64 * 1024 })
	void refusesADoctypeForGood(int bufferSize) {
		String withDoctype = PLANS.replace("<planList",
				"<!DOCTYPE planList [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<planList");

		assertThatExceptionOfType(InvalidFeedException.class).isThrownBy(() -> check(withDoctype, bufferSize))
			.withMessageContaining("DTDs and external entities are refused")
			.matches((ex) -> !ex.isRetryable());
	}

	@Test
	void refusesADoctypeFarFromTheStart() {
		String late = PLANS.replace("<planList", "<!--" + "x".repeat(1000) + "-->\n<!DOCTYPE planList>\n<planList");

		assertThatExceptionOfType(InvalidFeedException.class).isThrownBy(() -> check(late, 100))
			.matches((ex) -> !ex.isRetryable());
	}

	@Test
	void refusesAnUndeclaredEntity() {
		String entity = PLANS.replace("title=\"Camela\"", "title=\"&xxe;\"");

		assertThatExceptionOfType(InvalidFeedException.class).isThrownBy(() -> check(entity, 64))
			.withMessageContaining("ENTITY");
	}

	@ParameterizedTest
	@ValueSource(ints = { 100, 300, 450, 590 })
	void saysATruncatedFeedIsTruncatedAndRetryable(int length) {
		// Cut inside an attribute, after <output>, between base plans, before
		// </planList>.
		String truncated = PLANS.substring(0, length);

		assertThatExceptionOfType(InvalidFeedException.class).isThrownBy(() -> check(truncated, 64))
			.withMessageContaining("truncated")
			.matches(FeedFetchException::isRetryable);
	}

	@Test
	void saysAFeedCutBeforeItsRootIsEmptyOfPlans() {
		assertThatExceptionOfType(InvalidFeedException.class).isThrownBy(() -> check(PLANS.substring(0, 40), 64))
			.withMessage("Feed has no root element")
			.matches(FeedFetchException::isRetryable);
	}

	@Test
	void refusesAnotherRoot() {
		assertThatExceptionOfType(InvalidFeedException.class)
			.isThrownBy(() -> check("<?xml version=\"1.0\"?><events><output/></events>", 16))
			.withMessage("Feed root element is <events>, expected <planList>");
	}

	@Test
	void refusesAPlanListWithoutOutput() {
		assertThatExceptionOfType(InvalidFeedException.class)
			.isThrownBy(() -> check("<planList version=\"1.0\"></planList>", 16))
			.withMessage("Feed's <planList> has no <output> element");
	}

	@Test
	void refusesAnEmptyBody() {
		assertThatExceptionOfType(InvalidFeedException.class).isThrownBy(() -> this.validator.start().finish())
			.withMessage("Feed is empty (0 bytes)");
	}

	@Test
	void namesJsonAndHtml() {
		assertThatExceptionOfType(InvalidFeedException.class)
			.isThrownBy(() -> check("{\"error\": \"maintenance\"}", 1024))
			.withMessageStartingWith("Feed is JSON, not XML");
		assertThatExceptionOfType(InvalidFeedException.class)
			.isThrownBy(() -> check("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", 1024))
			.withMessageStartingWith("Feed is an HTML page");
	}

	private long check(String payload, int bufferSize) {
		byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
		FeedValidator.Check check = this.validator.start();
		for (int offset = 0; offset < bytes.length; offset += bufferSize) {
			byte[] buffer = new byte[bufferSize];
			int length = Math.min(bufferSize, bytes.length - offset);
			System.arraycopy(bytes, offset, buffer, 0, length);
			check.feed(buffer, 0, length);
			// The fetch reuses its buffer: the check must not keep a reference to it.
			java.util.Arrays.fill(buffer, (byte) 'x');
		}
		return check.finish();
	}

}
