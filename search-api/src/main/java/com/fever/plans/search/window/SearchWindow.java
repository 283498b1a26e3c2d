package com.fever.plans.search.window;

import java.time.LocalDateTime;

/**
 * A normalized time window, in the wall-clock time of the configured zone (the time the
 * {@code events} table stores). Equal instants give equal windows, so the record is the
 * cache key.
 *
 * @param from plans must start at or after this time; {@code null} for no lower bound
 * @param to plans must end at or before this time; {@code null} for no upper bound
 */
public record SearchWindow(LocalDateTime from, LocalDateTime to) {

	/** The window with no bounds: every plan that was ever online. */
	public static final SearchWindow UNBOUNDED = new SearchWindow(null, null);

}
