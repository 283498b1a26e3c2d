package com.fever.plans.search.window;

/**
 * A search request the client must fix: answered {@code 400} with the message as is, so
 * the message must say what is wrong and never echo more than a short excerpt of input.
 */
public class InvalidSearchException extends RuntimeException {

	public InvalidSearchException(String message) {
		super(message);
	}

}
