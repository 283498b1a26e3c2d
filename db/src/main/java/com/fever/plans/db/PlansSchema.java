package com.fever.plans.db;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What the import job and the search API must agree on about the schema, beyond the
 * tables the migrations create: written once here, beside the migrations, so the two
 * applications cannot drift apart.
 */
public final class PlansSchema {

	/**
	 * The PostgreSQL channel the import job notifies, in the transaction that bumps
	 * {@code data_version}, and the search API listens on (V2__events.sql).
	 */
	public static final String DATA_CHANGED_CHANNEL = "plans_data_changed";

	/** The unit separator: a control character that no feed attribute value holds. */
	private static final char SEPARATOR = '\u001f';

	private PlansSchema() {
	}

	/**
	 * Returns the {@code events.id} of a plan: a name-based (version 3) UUID of its
	 * identity, so the same plan gets the same id in every import and every database,
	 * with no lookup. {@code plan_id} alone is not unique in the feed, hence the pair
	 * with {@code base_plan_id}, scoped by provider.
	 * @param provider the provider's name
	 * @param basePlanId the provider's base plan id
	 * @param planId the provider's plan id
	 * @return the stable id
	 */
	public static UUID planId(String provider, String basePlanId, String planId) {
		// The separator keeps ("a", "bc") apart from ("ab", "c").
		String name = "plans:" + provider + SEPARATOR + basePlanId + SEPARATOR + planId;
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
	}

}
