package com.fever.plans.batch.job;

/**
 * Keys of the job execution context where the fetch step records the staged feed. They
 * survive in {@code BATCH_JOB_EXECUTION_CONTEXT} (as JSON), which is how a restart finds
 * the staged file and how {@code make history} shows each run's feed SHA-256.
 */
public final class FeedContext {

	public static final String FILE = "feed.file";

	public static final String STATUS = "feed.status";

	public static final String BYTES = "feed.bytes";

	public static final String SHA256 = "feed.sha256";

	public static final String DURATION_MS = "feed.duration-ms";

	public static final String ATTEMPTS = "feed.attempts";

	public static final String BASE_PLANS = "feed.base-plans";

	private FeedContext() {
	}

}
