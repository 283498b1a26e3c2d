package com.fever.plans.batch.plan;

import java.util.List;

/**
 * What one {@code <base_plan>} of the feed becomes: the plans to upsert and the plans
 * rejected. A bad plan does not take its valid siblings down with it.
 *
 * @param rows the valid plans
 * @param rejects the invalid plans
 */
public record ImportedBasePlan(List<PlanRow> rows, List<RejectedPlan> rejects) {

}
