package com.fever.plans.search.freshness;

/**
 * Told by {@link DataVersion} when a higher {@code data_version} is seen, i.e. an import
 * committed new data.
 */
public interface DataVersionListener {

	/**
	 * Called on the thread that saw the new version (the listener's or the poller's):
	 * must return quickly.
	 * @param version the new version
	 */
	void dataVersionChanged(long version);

}
