package com.fever.plans.search.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import org.springframework.stereotype.Component;

/**
 * What is recorded when a response completes, on the search route and on every WebFlux
 * path alike: the {@code http.server.requests} timer (tags method, uri, status, outcome,
 * as the dashboards and alerts expect) and the access log on the
 * {@code plans.search.access} logger, server errors and slow requests at WARN always,
 * every request at INFO when that level is enabled (README "Runtime").
 * <p>
 * A plain timer rather than Spring's observation, which cost a quarter of the cached
 * path's throughput ({@code make bench}); its SLO buckets come from
 * {@code management.metrics.distribution.slo}.
 */
@Component
class AccessLog {

	static final String LOGGER = "plans.search.access";

	private static final Logger access = LoggerFactory.getLogger(LOGGER);

	private final long slowNanos;

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

	AccessLog(AccessLogProperties properties, MeterRegistry registry) {
		this.slowNanos = properties.slowThreshold().toNanos();
		this.registry = registry;
	}

	/**
	 * Records one completed request.
	 * @param method the request's method
	 * @param uri the route's template ({@code /search}), {@code NOT_FOUND} or
	 * {@code UNKNOWN}: a bounded set of metric tags
	 * @param path the request's path, for the log
	 * @param query the raw query string, or {@code null}
	 * @param status the response status
	 * @param nanos how long the request took
	 */
	void record(String method, String uri, String path, String query, int status, long nanos) {
		timer(method, uri, status).record(nanos, TimeUnit.NANOSECONDS);
		if (status >= 500 || nanos >= this.slowNanos) {
			log(Level.WARN, method, path, query, status, nanos);
		}
		else if (access.isInfoEnabled()) {
			log(Level.INFO, method, path, query, status, nanos);
		}
	}

	private Timer timer(String method, String uri, int status) {
		return this.timers.computeIfAbsent(method + ' ' + uri + ' ' + status,
				(key) -> Timer.builder("http.server.requests")
					.tag("method", method)
					.tag("uri", uri)
					.tag("status", Integer.toString(status))
					.tag("outcome", Outcome.forStatus(status).name())
					.register(this.registry));
	}

	private static void log(Level level, String method, String path, String query, int status, long nanos) {
		long micros = nanos / 1_000;
		access.atLevel(level)
			.addKeyValue("http.method", method)
			.addKeyValue("url.path", path)
			.addKeyValue("url.query", query)
			.addKeyValue("http.status", status)
			.addKeyValue("duration.us", micros)
			.log("{} {}{} {} {}us", method, path, (query != null) ? "?" + query : "", status, micros);
	}

}
