package com.fever.plans.search.freshness;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fever.plans.search.cache.SearchResponseCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The last {@code data_version} seen, from a notification or a poll: a higher one means
 * an import committed new data, so every cached body is dropped.
 * <p>
 * The import job only ever increments the version, so "higher" (not "different") is the
 * test: a poll that read the row just before a commit cannot undo what a notification
 * already reported.
 */
@Component
public class DataVersion {

	private static final Logger logger = LoggerFactory.getLogger(DataVersion.class);

	private static final long UNKNOWN = Long.MIN_VALUE;

	private final AtomicLong current = new AtomicLong(UNKNOWN);

	private final SearchResponseCache cache;

	private final List<DataVersionListener> listeners;

	public DataVersion(SearchResponseCache cache, List<DataVersionListener> listeners) {
		this.cache = cache;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Records a version read from the database; drops the cache when it is new.
	 * @param version the version
	 * @param source where it was seen, for the log
	 */
	public void observe(long version, String source) {
		long previous = this.current.getAndAccumulate(version, Math::max);
		if (version > previous) {
			// Also on the first observation: entries cached before it are of unknown age.
			this.cache.invalidateAll();
			if (previous != UNKNOWN) {
				logger.info("Data version {} -> {} ({}): search cache cleared", previous, version, source);
			}
			for (DataVersionListener listener : this.listeners) {
				listener.dataVersionChanged(version);
			}
		}
	}

	/**
	 * Returns the highest version seen.
	 * @return the version, or {@link Long#MIN_VALUE} before the first one
	 */
	public long current() {
		return this.current.get();
	}

}
