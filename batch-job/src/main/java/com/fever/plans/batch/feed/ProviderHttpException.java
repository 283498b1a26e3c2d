package com.fever.plans.batch.feed;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The provider answered with an HTTP error status.
 */
public class ProviderHttpException extends FeedFetchException {

	private final @Nullable Duration retryAfter;

	ProviderHttpException(int status, @Nullable Duration retryAfter, String bodySnippet) {
		super("Provider answered HTTP " + status + ((bodySnippet.isEmpty()) ? "" : ": " + bodySnippet),
				status >= 500 || status == 429);
		this.retryAfter = retryAfter;
	}

	/**
	 * Returns the wait the provider asked for with {@code Retry-After}, if any.
	 * @return the wait, or {@code null}
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

}
