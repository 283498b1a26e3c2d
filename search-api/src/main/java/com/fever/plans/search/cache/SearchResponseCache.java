package com.fever.plans.search.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import com.fever.plans.search.config.SearchProperties;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.stereotype.Component;

/**
 * Ready-to-send search bodies by window (and, for answers from a snapshot, the snapshot's
 * digest), bounded by their size in bytes.
 * <p>
 * An {@link AsyncCache} of futures rather than a plain cache: the first request for a key
 * puts its future in the map and loads on its own thread; concurrent requests for the
 * same key wait on that same future. So there is one database query per key at a time,
 * and when the load fails every waiter gets the failure at once (a failed future is
 * dropped from the map), instead of re-trying the load one after another as a blocking
 * {@code compute} would.
 * <p>
 * Entries never expire by age: they are dropped when the data version changes (see
 * {@code freshness}), which is also what lets cached keys be served while the database is
 * down.
 */
@Component
public class SearchResponseCache {

	private final AsyncCache<Object, CachedBody> cache;

	public SearchResponseCache(SearchProperties properties, MeterRegistry registry) {
		this.cache = Caffeine.newBuilder()
			.maximumWeight(properties.cacheMaxSize().toBytes())
			.weigher((Object key, CachedBody body) -> body.weight())
			.recordStats()
			.buildAsync();
		CaffeineCacheMetrics.monitor(registry, this.cache, "search");
		Gauge.builder("plans.search.cache.hit.ratio", this.cache, (c) -> c.synchronous().stats().hitRate())
			.description("Share of search requests answered from the cache since start")
			.register(registry);
		Gauge
			.builder("plans.search.cache.weight", this.cache,
					(c) -> c.synchronous().policy().eviction().map((e) -> e.weightedSize().orElse(0)).orElse(0L))
			.baseUnit("bytes")
			.description("Bytes of response bodies held by the cache")
			.register(registry);
	}

	/**
	 * Returns the cached body of the window, loading it on the calling thread when
	 * absent.
	 * @param <K> the type of key
	 * @param window the key
	 * @param loader builds the body; called at most once at a time per key
	 * @return the body
	 * @throws RuntimeException whatever the loader threw, unwrapped
	 */
	public <K> CachedBody get(K window, Function<K, CachedBody> loader) {
		CompletableFuture<CachedBody> mine = new CompletableFuture<>();
		CompletableFuture<CachedBody> current = this.cache.get(window, (key, executor) -> mine);
		if (current == mine) {
			try {
				mine.complete(loader.apply(window));
			}
			catch (RuntimeException | Error ex) {
				mine.completeExceptionally(ex);
			}
		}
		try {
			return current.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * Tells whether a body for the window is ready (not counted as a hit or miss).
	 * @param window the key
	 * @return {@code true} when a completed body is cached
	 */
	public boolean contains(Object window) {
		CompletableFuture<CachedBody> future = this.cache.asMap().get(window);
		return future != null && future.isDone() && !future.isCompletedExceptionally();
	}

	/**
	 * Drops every entry, including loads in flight: their result still answers the
	 * requests waiting for them but is not kept.
	 */
	public void invalidateAll() {
		this.cache.synchronous().invalidateAll();
	}

}
