package com.fever.plans.batch.feed;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A feed staged on disk and checked to be a well-formed {@code planList}.
 *
 * @param file the staged file
 * @param status the HTTP status (0 for a {@code file:} URL)
 * @param bytes its size
 * @param sha256 the hex SHA-256 of its bytes
 * @param duration how long fetching took, retries included
 * @param attempts how many attempts it took
 * @param basePlans how many {@code <base_plan>} elements it holds
 */
public record FetchedFeed(Path file, int status, long bytes, String sha256, Duration duration, int attempts,
		long basePlans) {

}
