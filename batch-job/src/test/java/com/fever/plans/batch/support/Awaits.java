package com.fever.plans.batch.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition another process brings about, without a timed assertion: the
 * limit only stops a test that would otherwise hang.
 */
public final class Awaits {

	private Awaits() {
	}

	/**
	 * Polls until the condition holds.
	 * @param what what is awaited, for the failure message
	 * @param condition the condition
	 * @param giveUp called to explain a failure when the condition can no longer come
	 * true (e.g. the child process died), or {@code null}
	 */
	public static void until(String what, BooleanSupplier condition, java.util.function.Supplier<String> giveUp)
			throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (!condition.getAsBoolean()) {
			if (giveUp != null) {
				String reason = giveUp.get();
				if (reason != null) {
					throw new AssertionError("Gave up waiting for " + what + ": " + reason);
				}
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Waited 2 minutes for " + what);
			}
			Thread.sleep(50);
		}
	}

}
