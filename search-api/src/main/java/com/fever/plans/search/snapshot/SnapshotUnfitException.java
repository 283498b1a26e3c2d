package com.fever.plans.search.snapshot;

/**
 * The table cannot be held as a snapshot (over the memory budget, or a value the compact
 * form cannot hold): the search is answered from PostgreSQL instead.
 */
class SnapshotUnfitException extends RuntimeException {

	SnapshotUnfitException(String reason) {
		super(reason);
	}

}
