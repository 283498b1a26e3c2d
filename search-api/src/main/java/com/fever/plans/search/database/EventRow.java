package com.fever.plans.search.database;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * One plan as the search returns it: times are the provider's local wall clock.
 *
 * @param id the stable, name-based id written by the import job
 * @param title the plan's title
 * @param startsAt local start
 * @param endsAt local end
 * @param minPrice lowest zone price, {@code null} when the plan has no zones
 * @param maxPrice highest zone price, {@code null} when the plan has no zones
 */
record EventRow(UUID id, String title, LocalDateTime startsAt, LocalDateTime endsAt, BigDecimal minPrice,
		BigDecimal maxPrice) {

}
