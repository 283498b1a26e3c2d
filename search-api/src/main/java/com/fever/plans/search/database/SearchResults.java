package com.fever.plans.search.database;

import java.util.List;

import com.fever.plans.search.cache.CachedBody;
import com.fever.plans.search.window.SearchWindow;
import com.fever.plans.search.cache.SearchResponseCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Service;

/**
 * The body of a search: from the cache, or from one database query written once to bytes.
 */
@Service
public class SearchResults {

	private final SearchResponseCache cache;

	private final EventSearchRepository repository;

	private final SearchResponseWriter writer;

	private final DatabaseGate gate;

	private final Timer queryTimer;

	private final Counter queryFailures;

	public SearchResults(SearchResponseCache cache, EventSearchRepository repository, SearchResponseWriter writer,
			DatabaseGate gate, MeterRegistry registry) {
		this.cache = cache;
		this.repository = repository;
		this.writer = writer;
		this.gate = gate;
		this.queryTimer = Timer.builder("plans.search.db.queries")
			.description("Search queries sent to PostgreSQL (cache misses)")
			.publishPercentileHistogram()
			.register(registry);
		this.queryFailures = Counter.builder("plans.search.db.query.failures")
			.description("Search queries that failed")
			.register(registry);
	}

	/**
	 * Returns the ready-to-send body of the window.
	 * @param window the normalized window
	 * @return the body and its tag
	 * @throws DatabaseUnavailableException when the body is not cached and the database
	 * cannot answer
	 */
	public CachedBody find(SearchWindow window) {
		return this.cache.get(window, this::load);
	}

	private CachedBody load(SearchWindow window) {
		this.gate.check();
		List<EventRow> events;
		Timer.Sample sample = Timer.start();
		try {
			events = this.repository.find(window);
			this.gate.recordSuccess();
		}
		catch (RuntimeException ex) {
			this.queryFailures.increment();
			this.gate.recordFailure(ex);
			if (DatabaseGate.isUnavailability(ex)) {
				throw new DatabaseUnavailableException("The search query failed", ex);
			}
			throw ex;
		}
		finally {
			sample.stop(this.queryTimer);
		}
		return CachedBody.of(this.writer.write(events));
	}

}
