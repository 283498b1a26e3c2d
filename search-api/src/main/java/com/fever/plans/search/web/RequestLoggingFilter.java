package com.fever.plans.search.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One structured line per request (method, path, query, status, duration) on the
 * {@code plans.search.access} logger.
 * <p>
 * Off the hot path: the logger writes through an asynchronous, non-blocking appender
 * ({@code logback-spring.xml}), so a request only enqueues an event. Set
 * {@code logging.level.plans.search.access=OFF} to drop these lines.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLoggingFilter extends OncePerRequestFilter {

	private static final Logger access = LoggerFactory.getLogger("plans.search.access");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (access.isInfoEnabled()) {
				long micros = (System.nanoTime() - start) / 1_000;
				access.atInfo()
					.addKeyValue("http.method", request.getMethod())
					.addKeyValue("url.path", request.getRequestURI())
					.addKeyValue("url.query", request.getQueryString())
					.addKeyValue("http.status", response.getStatus())
					.addKeyValue("duration.us", micros)
					.log("{} {} {} {}us", request.getMethod(), request.getRequestURI(), response.getStatus(), micros);
			}
		}
	}

}
