package com.fever.plans.search.snapshot;

/**
 * The table cannot be held as a snapshot (over the memory budget, or a value the compact
 * form cannot hold): the search is answered from PostgreSQL instead.
 */
class SnapshotUnfitException extends RuntimeException {

	private final long dataVersion;

	SnapshotUnfitException(String reason) {
		this(reason, Long.MIN_VALUE);
	}

	SnapshotUnfitException(String reason, long dataVersion) {
		super(reason);
		this.dataVersion = dataVersion;
	}

	/**
	 * Returns the data version the build read.
	 * @return the version, {@link Long#MIN_VALUE} when unknown
	 */
	long dataVersion() {
		return this.dataVersion;
	}

}
