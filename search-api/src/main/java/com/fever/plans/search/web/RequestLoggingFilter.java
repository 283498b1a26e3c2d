package com.fever.plans.search.web;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The access log and the request latency metric, the two things operators need from every
 * request, at the smallest cost on the hot path.
 * <p>
 * Access log, on the {@code plans.search.access} logger: one line (method, path, query,
 * status, duration) per request that an operator must see, at WARN: every server error
 * (5xx, or an exception on its way to the container) and every request slower than
 * {@code plans.access-log.slow-threshold}. With the logger at INFO
 * ({@code LOGGING_LEVEL_PLANS_SEARCH_ACCESS=INFO}) every other request gets its line too.
 * Lines go through the asynchronous appender ({@code logback-spring.xml}), which may drop
 * INFO lines under overload but never WARN or ERROR.
 * <p>
 * Latency: the {@code http.server.requests} timer (tags method, uri template, status,
 * outcome; SLO buckets from {@code management.metrics.distribution.slo}), one timer per
 * tag combination, looked up in a map and recorded with the duration measured here.
 * Spring's observation of the same name is switched off in {@code application.yml}: with
 * its context, handlers and long-task timer it cost a quarter of the cached path's
 * throughput (README "Runtime", {@code make bench}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLoggingFilter extends OncePerRequestFilter {

	static final String LOGGER = "plans.search.access";

	private static final Logger access = LoggerFactory.getLogger(LOGGER);

	private final long slowNanos;

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

	RequestLoggingFilter(AccessLogProperties properties, MeterRegistry registry) {
		this.slowNanos = properties.slowThreshold().toNanos();
		this.registry = registry;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			long nanos = System.nanoTime() - start;
			// An exception leaving the chain becomes a 500 after this filter.
			int status = failed ? 500 : response.getStatus();
			timer(request, status).record(nanos, TimeUnit.NANOSECONDS);
			if (status >= 500 || nanos >= this.slowNanos) {
				log(Level.WARN, request, status, nanos);
			}
			else if (access.isInfoEnabled()) {
				log(Level.INFO, request, status, nanos);
			}
		}
	}

	private Timer timer(HttpServletRequest request, int status) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		String uri = (pattern != null) ? pattern.toString() : (status == 404) ? "NOT_FOUND" : "UNKNOWN";
		String method = request.getMethod();
		return this.timers.computeIfAbsent(method + ' ' + uri + ' ' + status, (key) -> {
			return Timer.builder("http.server.requests")
				.tag("method", method)
				.tag("uri", uri)
				.tag("status", Integer.toString(status))
				.tag("outcome", Outcome.forStatus(status).name())
				.register(this.registry);
		});
	}

	private static void log(Level level, HttpServletRequest request, int status, long nanos) {
		long micros = nanos / 1_000;
		access.atLevel(level)
			.addKeyValue("http.method", request.getMethod())
			.addKeyValue("url.path", request.getRequestURI())
			.addKeyValue("url.query", request.getQueryString())
			.addKeyValue("http.status", status)
			.addKeyValue("duration.us", micros)
			.log("{} {}{} {} {}us", request.getMethod(), request.getRequestURI(),
					(request.getQueryString() != null) ? "?" + request.getQueryString() : "", status, micros);
	}

}
