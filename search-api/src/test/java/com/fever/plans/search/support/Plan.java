package com.fever.plans.search.support;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.UUID;

import com.fever.plans.db.PlansSchema;

/**
 * A row of {@code events} as the import job writes it, reduced to what the search reads.
 *
 * @param basePlanId the provider's base plan id
 * @param planId the provider's plan id
 * @param title the title
 * @param sellMode the latest sell mode
 * @param everOnline whether the plan was ever seen online
 * @param startsAt local start
 * @param endsAt local end
 * @param minPrice lowest zone price or {@code null}
 * @param maxPrice highest zone price or {@code null}
 */
public record Plan(String basePlanId, String planId, String title, String sellMode, boolean everOnline,
		LocalDateTime startsAt, LocalDateTime endsAt, BigDecimal minPrice, BigDecimal maxPrice) {

	public static Plan of(String basePlanId, String planId, String title, String sellMode, boolean everOnline,
			String startsAt, String endsAt, String minPrice, String maxPrice) {
		return new Plan(basePlanId, planId, title, sellMode, everOnline, LocalDateTime.parse(startsAt),
				LocalDateTime.parse(endsAt), (minPrice != null) ? new BigDecimal(minPrice) : null,
				(maxPrice != null) ? new BigDecimal(maxPrice) : null);
	}

	/**
	 * Returns the stable id, as the import job computes it.
	 * @return the id
	 */
	public UUID id() {
		return PlansSchema.planId("fever", this.basePlanId, this.planId);
	}

}
