package com.fever.plans.batch.plan;

/**
 * A plan of the feed breaks a rule of the import; the message says which, for an
 * operator.
 */
class InvalidPlanException extends RuntimeException {

	InvalidPlanException(String message) {
		super(message);
	}

}
