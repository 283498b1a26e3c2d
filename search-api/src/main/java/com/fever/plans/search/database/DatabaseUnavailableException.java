package com.fever.plans.search.database;

/**
 * The database could not answer (unreachable, timed out, or recently failed): the request
 * gets a {@code 500} without details.
 */
public class DatabaseUnavailableException extends RuntimeException {

	public DatabaseUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
