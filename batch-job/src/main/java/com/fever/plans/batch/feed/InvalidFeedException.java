package com.fever.plans.batch.feed;

/**
 * The provider's payload is not a well-formed {@code planList} (an HTML error page, JSON,
 * an empty or truncated body...). Retried: the provider is known to answer garbage now
 * and then.
 */
public class InvalidFeedException extends FeedFetchException {

	InvalidFeedException(String message) {
		super(message, true);
	}

	InvalidFeedException(String message, boolean retryable) {
		super(message, retryable);
	}

}
