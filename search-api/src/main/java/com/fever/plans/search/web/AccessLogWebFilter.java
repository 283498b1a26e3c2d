package com.fever.plans.search.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The access log and {@code http.server.requests} timer ({@link AccessLog}) for what
 * WebFlux serves (actuator, the contract, errors); the search route records its own
 * requests. A failure leaves this filter before the error handler sets the status, so the
 * status is taken from the exception, as the handler will.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AccessLogWebFilter implements WebFilter {

	private static final String FAILURE = AccessLogWebFilter.class.getName() + ".failure";

	private final AccessLog accessLog;

	AccessLogWebFilter(AccessLog accessLog) {
		this.accessLog = accessLog;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		return chain.filter(exchange)
			.doOnError((ex) -> exchange.getAttributes().put(FAILURE, ex))
			.doFinally((signal) -> record(exchange, System.nanoTime() - start));
	}

	private void record(ServerWebExchange exchange, long nanos) {
		Throwable failure = exchange.getAttribute(FAILURE);
		int status;
		if (failure != null) {
			status = (failure instanceof ErrorResponse error) ? error.getStatusCode().value() : 500;
		}
		else {
			HttpStatusCode code = exchange.getResponse().getStatusCode();
			status = (code != null) ? code.value() : 200;
		}
		Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		String uri = (pattern != null) ? pattern.toString() : (status == 404) ? "NOT_FOUND" : "UNKNOWN";
		ServerHttpRequest request = exchange.getRequest();
		this.accessLog.record(request.getMethod().name(), uri, request.getPath().value(),
				request.getURI().getRawQuery(), status, nanos);
	}

}
