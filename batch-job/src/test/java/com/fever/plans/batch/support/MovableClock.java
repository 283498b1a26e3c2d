package com.fever.plans.batch.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset a test moves forward: time-based rules (a cool-down)
 * are tested without waiting, while Spring Batch keeps writing real timestamps.
 */
public final class MovableClock extends Clock {

	private final Clock system = Clock.systemDefaultZone();

	private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

	/** Moves the clock forward. */
	public void advance(Duration by) {
		this.offset.accumulateAndGet(by, Duration::plus);
	}

	public void reset() {
		this.offset.set(Duration.ZERO);
	}

	@Override
	public ZoneId getZone() {
		return this.system.getZone();
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("one zone: the system's");
	}

	@Override
	public Instant instant() {
		return this.system.instant().plus(this.offset.get());
	}

}
