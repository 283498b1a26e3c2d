package com.fever.plans.batch.plan;

/**
 * More plans were rejected than {@code plans.import.skip-limit} allows: the feed is
 * probably broken as a whole, so the import stops (restartable) rather than reject
 * everything.
 */
public class RejectLimitExceededException extends RuntimeException {

	RejectLimitExceededException(long rejected, long limit) {
		super(rejected + " plans rejected, more than the limit of " + limit
				+ " (plans.import.skip-limit); see import_rejects for the reasons");
	}

}
