package com.fever.plans.search.web;

import java.io.IOException;

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

/**
 * The access log, on the {@code plans.search.access} logger: one line (method, path,
 * query, status, duration) per request that an operator must see, at WARN: every server
 * error (5xx, or an exception on its way to the container) and every request slower than
 * {@code plans.access-log.slow-threshold}. With the logger at INFO
 * ({@code LOGGING_LEVEL_PLANS_SEARCH_ACCESS=INFO}) every other request gets its line too.
 * <p>
 * Why not every request by default: on the cached path a line per request (formatted and
 * written by the asynchronous appender's thread) cost more CPU than answering the request
 * (README "Runtime", {@code make bench}); request counts and latency are the
 * {@code http.server.requests} metric. Lines go through the asynchronous appender
 * ({@code logback-spring.xml}), which may drop INFO lines under overload but never WARN
 * or ERROR.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLoggingFilter extends OncePerRequestFilter {

	static final String LOGGER = "plans.search.access";

	private static final Logger access = LoggerFactory.getLogger(LOGGER);

	private final long slowNanos;

	RequestLoggingFilter(AccessLogProperties properties) {
		this.slowNanos = properties.slowThreshold().toNanos();
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
			if (status >= 500 || nanos >= this.slowNanos) {
				log(Level.WARN, request, status, nanos);
			}
			else if (access.isInfoEnabled()) {
				log(Level.INFO, request, status, nanos);
			}
		}
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
