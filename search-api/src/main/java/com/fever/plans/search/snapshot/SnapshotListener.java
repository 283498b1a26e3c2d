package com.fever.plans.search.snapshot;

/**
 * Told when the snapshot the search is answered from is replaced (by a newer one, or by
 * none when the search moves to PostgreSQL), so that what was derived from the old one
 * can be dropped.
 */
public interface SnapshotListener {

	/**
	 * Called on the builder's thread right after the replacement.
	 * @param current the snapshot now answered from, or {@code null}
	 */
	void snapshotReplaced(EventSnapshot current);

}
