package com.fever.plans.batch.plan;

import java.util.UUID;

import com.fever.plans.db.PlansSchema;

/**
 * The identity of a plan: {@code plan_id} alone is not unique in the feed (1642 sits
 * under three base plans), so it is the pair with {@code base_plan_id}, scoped by
 * provider.
 *
 * @param provider the provider's name
 * @param basePlanId the base plan id
 * @param planId the plan id
 */
public record PlanIdentity(String provider, String basePlanId, String planId) {

	/**
	 * Returns the id of this identity, {@link PlansSchema#planId}: the same plan gets the
	 * same id in every import and every database, with no lookup.
	 * @return the stable id
	 */
	public UUID stableId() {
		return PlansSchema.planId(this.provider, this.basePlanId, this.planId);
	}

}
