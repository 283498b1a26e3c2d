package com.fever.plans.search.window;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fever.plans.search.config.SearchProperties;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SearchWindowParserTest {

	private final SearchWindowParser utc = parser("UTC");

	private final SearchWindowParser madrid = parser("Europe/Madrid");

	@Test
	void offsetDateTimesAreConvertedToTheZonesWallClock() {
		SearchWindow window = this.madrid
			.parse(params("starts_at", "2021-02-10T19:00:00Z", "ends_at", "2021-07-31T20:20:00+01:00"));

		// Madrid is UTC+1 in February and UTC+2 (summer time) in July.
		assertThat(window.from()).isEqualTo(LocalDateTime.parse("2021-02-10T20:00:00"));
		assertThat(window.to()).isEqualTo(LocalDateTime.parse("2021-07-31T21:20:00"));
	}

	@Test
	void dateTimesWithoutOffsetAreWallClockTimesOfTheZone() {
		SearchWindow window = this.madrid.parse(params("starts_at", "2021-02-10T20:00:00"));

		assertThat(window).isEqualTo(new SearchWindow(LocalDateTime.parse("2021-02-10T20:00:00"), null));
	}

	@Test
	void equalInstantsGiveEqualKeys() {
		assertThat(this.utc.parse(params("starts_at", "2021-02-10T20:00:00Z")))
			.isEqualTo(this.utc.parse(params("starts_at", "2021-02-10T21:00:00+01:00")))
			.isEqualTo(this.utc.parse(params("starts_at", "2021-02-10T20:00:00.000000000Z")))
			.isEqualTo(this.utc.parse(params("starts_at", "2021-02-10T20:00:00")));
	}

	@Test
	void boundsAreRoundedInwardsToMicroseconds() {
		SearchWindow window = this.utc
			.parse(params("starts_at", "2021-02-10T20:00:00.0000001Z", "ends_at", "2021-02-10T21:30:00.9999999Z"));

		assertThat(window.from()).isEqualTo(LocalDateTime.parse("2021-02-10T20:00:00.000001"));
		assertThat(window.to()).isEqualTo(LocalDateTime.parse("2021-02-10T21:30:00.999999"));
	}

	@Test
	void noParametersIsTheUnboundedWindow() {
		assertThat(this.utc.parse(Map.of())).isEqualTo(SearchWindow.UNBOUNDED);
	}

	@Test
	void unknownParametersAreIgnored() {
		Map<String, String[]> params = params("starts_at", "2021-02-10T20:00:00Z", "_", "1700000000", "utm_source", "x",
				"start_at", "typo");
		params.put("utm_medium", new String[] { "a", "b" });

		assertThat(this.utc.parse(params)).isEqualTo(this.utc.parse(params("starts_at", "2021-02-10T20:00:00Z")));
	}

	@Test
	void messagesQuoteOnlyAShortExcerpt() {
		assertThatExceptionOfType(InvalidSearchException.class)
			.isThrownBy(() -> this.utc.parse(params("starts_at", "x".repeat(60))))
			.withMessageContaining("'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'");
	}

	private static SearchWindowParser parser(String zone) {
		return new SearchWindowParser(new SearchProperties(ZoneId.of(zone), DataSize.ofMegabytes(1), "no-cache",
				Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 64, Duration.ofSeconds(1), null,
				DataSize.ofMegabytes(4), DataSize.ofMegabytes(1)));
	}

	private static Map<String, String[]> params(String... namesAndValues) {
		Map<String, String[]> map = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			map.put(namesAndValues[i], new String[] { namesAndValues[i + 1] });
		}
		return map;
	}

}
