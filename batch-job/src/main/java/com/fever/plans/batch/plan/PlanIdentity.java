package com.fever.plans.batch.plan;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

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
	 * Returns the id of this identity: a name-based (version 3) UUID of its three parts,
	 * so the same plan gets the same id in every import and every database, with no
	 * lookup.
	 * @return the stable id
	 */
	public UUID stableId() {
		// The separator cannot occur inside the parts' XML attribute values unescaped in
		// a way
		// that would make two different identities collide: it is a control character.
		String name = "plans:" + this.provider + '\u001f' + this.basePlanId + '\u001f' + this.planId;
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
	}

}
