package com.fever.plans.batch.feed;

/**
 * Fetching the feed failed; the message says why in words an operator can act on.
 */
public class FeedFetchException extends RuntimeException {

	private final boolean retryable;

	public FeedFetchException(String message, boolean retryable) {
		this(message, retryable, null);
	}

	public FeedFetchException(String message, boolean retryable, Throwable cause) {
		super(message, cause);
		this.retryable = retryable;
	}

	/**
	 * Tells whether another attempt may succeed (a transient provider or network
	 * failure).
	 * @return {@code true} when worth retrying
	 */
	public boolean isRetryable() {
		return this.retryable;
	}

}
