package com.fever.plans.batch.plan;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One plan as it goes into the {@code events} table.
 *
 * @param id the stable, name-based id of the identity
 * @param identity provider, base plan id and plan id
 * @param title the base plan's title
 * @param sellMode the latest sell mode
 * @param online whether this version is on sale online (feeds the sticky ever_online
 * flag)
 * @param startsAt the start in the event's local wall-clock time
 * @param endsAt the end in the event's local wall-clock time
 * @param sellFrom when sales open, or {@code null}
 * @param sellTo when sales close, or {@code null}
 * @param soldOut the sold-out flag, or {@code null} when absent
 * @param organizerCompanyId the organizer, or {@code null} when absent
 * @param minPrice the lowest zone price, or {@code null} without zones
 * @param maxPrice the highest zone price, or {@code null} without zones
 * @param zonesJson the zones as a JSON array, every attribute kept
 * @param extraAttributesJson attributes without a column, as a JSON object
 * @param contentHash SHA-256 of all the content above that comes from the feed
 */
public record PlanRow(UUID id, PlanIdentity identity, String title, String sellMode, boolean online,
		LocalDateTime startsAt, LocalDateTime endsAt, @Nullable LocalDateTime sellFrom, @Nullable LocalDateTime sellTo,
		@Nullable Boolean soldOut, @Nullable String organizerCompanyId, @Nullable BigDecimal minPrice,
		@Nullable BigDecimal maxPrice, String zonesJson, String extraAttributesJson, byte[] contentHash) {

}
