package com.fever.plans.search.web;

import java.util.Arrays;

import com.fever.plans.search.config.SearchProperties;
import com.fever.plans.search.snapshot.EventSnapshot;
import com.fever.plans.search.snapshot.SnapshotListener;
import com.fever.plans.search.web.SearchRoute.SnapshotWindow;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The plain (uncompressed) answers of hot windows from the current snapshot, kept as
 * ready direct buffers: a hit writes the same memory to the socket again, with no
 * rendering and no copy (make bench, cached windows: rendering 100 KB from the fragments
 * was two thirds of the CPU per request).
 * <p>
 * Bounded by bytes ({@code plans.search.plain-cache-max-size}). Only a window asked for a
 * second time is kept (a "doorkeeper": one slot per hash remembers the last window seen
 * there): a random window asked once is answered as before, without the copy and the
 * cache's bookkeeping, which cost a quarter more CPU per request when every window was
 * kept; among those kept, Caffeine's frequency sketch decides what stays. The cache owns
 * one reference of every buffer it holds and releases it when the entry goes (evicted,
 * replaced, dropped for a new snapshot); each response gets its own reference through
 * {@link ByteBuf#retainedDuplicate()}, which Netty releases once written. A buffer
 * evicted between the lookup and the retain refuses the retain (its count is 0): that
 * request renders its answer as on a miss.
 */
@Component
class PlainAnswers implements SnapshotListener, DisposableBean {

	// What an entry costs besides its bytes: key, window, node, buffer object.
	private static final int ENTRY_OVERHEAD_BYTES = 200;

	private static final int DOORKEEPER_SLOTS = 1 << 16;

	private final Cache<SnapshotWindow, ByteBuf> cache;

	// Racy by design: a lost write only delays keeping a window by one request.
	private final int[] doorkeeper = new int[DOORKEEPER_SLOTS];

	private final boolean enabled;

	// The digest of the snapshot answered from (null: none): only its answers are kept.
	private volatile String digest;

	PlainAnswers(SearchProperties properties, MeterRegistry registry) {
		long maxBytes = properties.plainCacheMaxSize().toBytes();
		this.enabled = maxBytes > 0;
		this.cache = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((SnapshotWindow key, ByteBuf body) -> body.capacity() + ENTRY_OVERHEAD_BYTES)
			// Released on the thread that removed the entry, at once: direct memory
			// is not left to the garbage collector.
			.executor(Runnable::run)
			.removalListener((SnapshotWindow key, ByteBuf body, RemovalCause cause) -> {
				if (body != null) {
					body.release();
				}
			})
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(registry, this.cache, "search-plain");
	}

	/**
	 * Returns the ready answer of a window, with a reference of its own for the response.
	 * @param key the snapshot's digest and the window
	 * @return a retained duplicate (the caller sends or releases it), or {@code null}
	 */
	ByteBuf get(SnapshotWindow key) {
		if (!this.enabled) {
			return null;
		}
		ByteBuf body = this.cache.getIfPresent(key);
		if (body == null) {
			return null;
		}
		try {
			return body.retainedDuplicate();
		}
		catch (IllegalReferenceCountException ex) {
			// Evicted and released since the lookup: answered as a miss.
			return null;
		}
	}

	/**
	 * Tells whether a window's answer is worth keeping: it was asked for before (as far
	 * as the doorkeeper remembers).
	 * @param key the snapshot's digest and the window
	 * @return {@code true} the second time a window is asked for
	 */
	boolean admits(SnapshotWindow key) {
		if (!this.enabled) {
			return false;
		}
		int hash = key.hashCode() * 0x9E3779B9;
		// Never 0, the value of an empty slot.
		int mark = hash | 1;
		int slot = hash >>> 16;
		if (this.doorkeeper[slot] == mark) {
			return true;
		}
		this.doorkeeper[slot] = mark;
		return false;
	}

	/**
	 * Offers a freshly rendered answer for keeping. The cache takes a reference of its
	 * own; the caller keeps its own and still sends (or releases) the buffer.
	 * @param key the snapshot's digest and the window
	 * @param body the answer, a direct buffer never written to again
	 */
	void offer(SnapshotWindow key, ByteBuf body) {
		if (!this.enabled || !key.digest().equals(this.digest)) {
			// Rendered from a snapshot replaced meanwhile: never asked for again.
			return;
		}
		body.retain();
		if (this.cache.asMap().putIfAbsent(key, body) != null) {
			// Another request rendered the same window meanwhile: its copy stays.
			body.release();
			return;
		}
		// A replacement between the check above and the put may have cleared the cache
		// before this entry arrived: the digest, written before the clearing, tells.
		if (!key.digest().equals(this.digest)) {
			this.cache.asMap().remove(key, body);
		}
	}

	@Override
	public void snapshotReplaced(EventSnapshot current) {
		answeringFrom((current != null) ? current.digest() : null);
	}

	/**
	 * Keeps only the answers of the snapshot with this digest from now on.
	 * @param digest the digest of the snapshot answered from, or {@code null} for none
	 */
	void answeringFrom(String digest) {
		this.digest = digest;
		// Keyed by digest, old answers would never be asked for again: their memory is
		// given back now rather than when evicted. The new snapshot's windows are counted
		// afresh.
		this.cache.invalidateAll();
		Arrays.fill(this.doorkeeper, 0);
	}

	/**
	 * Returns the number of answers held (for tests and metrics).
	 * @return the estimated size
	 */
	long size() {
		this.cache.cleanUp();
		return this.cache.estimatedSize();
	}

	@Override
	public void destroy() {
		this.cache.invalidateAll();
	}

}
