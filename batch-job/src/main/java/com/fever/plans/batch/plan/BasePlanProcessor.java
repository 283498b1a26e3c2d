package com.fever.plans.batch.plan;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Turns a {@code <base_plan>} into the plans to stage, checking each plan on its own: an
 * invalid plan becomes a {@link RejectedPlan} carrying its XML, and its valid siblings
 * still go through.
 */
public class BasePlanProcessor implements ItemProcessor<BasePlanXml, ImportedBasePlan> {

	private final PlanMapper mapper;

	public BasePlanProcessor(PlanMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public ImportedBasePlan process(BasePlanXml basePlan) {
		if (basePlan.plans.isEmpty()) {
			return new ImportedBasePlan(List.of(), List.of(reject(basePlan, null, "base_plan has no <plan>")));
		}
		List<PlanRow> rows = new ArrayList<>(basePlan.plans.size());
		List<RejectedPlan> rejects = new ArrayList<>(0);
		for (PlanXml plan : basePlan.plans) {
			try {
				rows.add(this.mapper.map(basePlan, plan));
			}
			catch (InvalidPlanException ex) {
				rejects.add(reject(basePlan, plan, ex.getMessage()));
			}
		}
		return new ImportedBasePlan(rows, rejects);
	}

	private static RejectedPlan reject(BasePlanXml basePlan, PlanXml plan, String reason) {
		return new RejectedPlan(basePlan.basePlanId, (plan != null) ? plan.planId : null, reason,
				RejectedFragments.of(basePlan, plan));
	}

}
