package com.fever.plans.batch.plan;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Strict parsing of one plan.
 */
class PlanMapperTest {

	private final PlanMapper mapper = new PlanMapper("fever");

	@Test
	void mapsAPlanExactly() {
		PlanRow row = this.mapper.map(basePlan("online"), plan("2021-06-30T21:00:00", "2021-06-30T22:00:00",
				zone("40", "20.00"), zone("38", "15.00"), zone("30", "30.00")));

		assertThat(row.startsAt()).isEqualTo(LocalDateTime.of(2021, 6, 30, 21, 0));
		assertThat(row.minPrice()).isEqualTo(new BigDecimal("15.00"));
		assertThat(row.maxPrice()).isEqualTo(new BigDecimal("30.00"));
		assertThat(row.online()).isTrue();
		assertThat(row.zonesJson()).contains("\"price\":20.00").contains("\"zone_id\":\"40\"");
		assertThat(row.id()).isEqualTo(new PlanIdentity("fever", "291", "291").stableId());
	}

	@Test
	void anImpossibleDateIsAnErrorNotTheNextMonth() {
		assertThatExceptionOfType(InvalidPlanException.class)
			.isThrownBy(() -> this.mapper.map(basePlan("offline"), plan("2021-09-31T20:00:00", "2021-09-31T21:00:00")))
			.withMessageContaining("plan_start_date '2021-09-31T20:00:00' is not a valid local date-time");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			2021-06-30T23:00:00 | 2021-06-30T22:00:00 | 20.00 | 5  | is before plan_start_date
			2021-06-30 21:00    | 2021-06-30T22:00:00 | 20.00 | 5  | plan_start_date '2021-06-30 21:00'
			2021-06-30T21:00:00 | 2021-06-30T22:00:00 | 20,00 | 5  | zone price '20,00' is not a decimal number
			2021-06-30T21:00:00 | 2021-06-30T22:00:00 | -1    | 5  | zone price '-1' is negative
			2021-06-30T21:00:00 | 2021-06-30T22:00:00 | 20.00 | x  | zone capacity 'x' is not a whole number
			""")
	void badValuesAreRejectedWithAMessageNamingThem(String start, String end, String price, String capacity,
			String message) {
		ZoneXml zone = zone("1", price);
		zone.capacity = capacity;
		assertThatExceptionOfType(InvalidPlanException.class)
			.isThrownBy(() -> this.mapper.map(basePlan("online"), plan(start, end, zone)))
			.withMessageContaining(message);
	}

	@Test
	void aPlanWithoutZonesHasNoPrices() {
		PlanRow row = this.mapper.map(basePlan("online"), plan("2021-06-30T21:00:00", "2021-06-30T22:00:00"));
		assertThat(row.minPrice()).isNull();
		assertThat(row.maxPrice()).isNull();
		assertThat(row.zonesJson()).isEqualTo("[]");
	}

	@Test
	void theContentHashChangesWithAnyContentAndNotOtherwise() {
		PlanRow one = this.mapper.map(basePlan("online"),
				plan("2021-06-30T21:00:00", "2021-06-30T22:00:00", zone("40", "20.00")));
		PlanRow same = this.mapper.map(basePlan("online"),
				plan("2021-06-30T21:00:00", "2021-06-30T22:00:00", zone("40", "20.00")));
		PlanRow otherPrice = this.mapper.map(basePlan("online"),
				plan("2021-06-30T21:00:00", "2021-06-30T22:00:00", zone("40", "20.50")));
		PlanRow offline = this.mapper.map(basePlan("offline"),
				plan("2021-06-30T21:00:00", "2021-06-30T22:00:00", zone("40", "20.00")));
		assertThat(one.contentHash()).isEqualTo(same.contentHash())
			.isNotEqualTo(otherPrice.contentHash())
			.isNotEqualTo(offline.contentHash());
	}

	private static BasePlanXml basePlan(String sellMode) {
		BasePlanXml basePlan = new BasePlanXml();
		basePlan.basePlanId = "291";
		basePlan.sellMode = sellMode;
		basePlan.title = "Camela en concierto";
		return basePlan;
	}

	private static PlanXml plan(String start, String end, ZoneXml... zones) {
		PlanXml plan = new PlanXml();
		plan.planId = "291";
		plan.startDate = start;
		plan.endDate = end;
		plan.soldOut = "false";
		plan.zones = List.of(zones);
		return plan;
	}

	private static ZoneXml zone(String id, String price) {
		ZoneXml zone = new ZoneXml();
		zone.zoneId = id;
		zone.name = "Zone " + id;
		zone.capacity = "10";
		zone.price = price;
		zone.numbered = "true";
		return zone;
	}

}
