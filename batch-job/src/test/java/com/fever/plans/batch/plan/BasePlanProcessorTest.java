package com.fever.plans.batch.plan;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A base plan in, the plans to stage and the rejects out: one bad plan never takes its
 * valid siblings with it.
 */
class BasePlanProcessorTest {

	private final BasePlanProcessor processor = new BasePlanProcessor(new PlanMapper("fever"));

	@Test
	void everyValidPlanGoesThrough() {
		ImportedBasePlan out = this.processor
			.process(basePlan(plan("1", "2021-06-30T21:00:00"), plan("2", "2021-07-01T21:00:00")));

		assertThat(out.rows()).extracting(PlanRow::id)
			.containsExactly(new PlanIdentity("fever", "291", "1").stableId(),
					new PlanIdentity("fever", "291", "2").stableId());
		assertThat(out.rejects()).isEmpty();
	}

	@Test
	void anInvalidPlanIsRejectedAndItsSiblingsStillGoThrough() {
		ImportedBasePlan out = this.processor.process(basePlan(plan("1", "2021-06-30T21:00:00"),
				plan("2", "2021-09-31T21:00:00"), plan("3", "2021-07-02T21:00:00")));

		assertThat(out.rows()).hasSize(2);
		assertThat(out.rejects()).singleElement().satisfies((reject) -> {
			assertThat(reject.basePlanId()).isEqualTo("291");
			assertThat(reject.planId()).isEqualTo("2");
			assertThat(reject.reason()).contains("2021-09-31T21:00:00");
			assertThat(reject.fragment()).contains("plan_id=\"2\"");
		});
	}

	@Test
	void aBasePlanWithoutPlansIsOneReject() {
		ImportedBasePlan out = this.processor.process(basePlan());

		assertThat(out.rows()).isEmpty();
		assertThat(out.rejects()).singleElement().satisfies((reject) -> {
			assertThat(reject.planId()).isNull();
			assertThat(reject.reason()).isEqualTo("base_plan has no <plan>");
		});
	}

	private static BasePlanXml basePlan(PlanXml... plans) {
		BasePlanXml basePlan = new BasePlanXml();
		basePlan.basePlanId = "291";
		basePlan.sellMode = "online";
		basePlan.title = "Camela en concierto";
		basePlan.plans = List.of(plans);
		return basePlan;
	}

	private static PlanXml plan(String id, String start) {
		PlanXml plan = new PlanXml();
		plan.planId = id;
		plan.startDate = start;
		plan.endDate = start.replace("T21:", "T22:");
		plan.soldOut = "false";
		plan.zones = List.of();
		return plan;
	}

}
