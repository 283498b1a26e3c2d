package com.fever.plans.search.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * The one error layer for everything WebFlux serves (every path but {@code /search},
 * whose route writes its own errors): an unknown path (404), a wrong method (405), any
 * failure (500, logged) gets the contract's JSON error body, never a framework page or a
 * stack trace. Ordered before Boot's handler, whose auto-configuration is excluded anyway
 * ({@code application.yml}).
 */
@Component
@Order(-2)
class JsonErrorHandler implements WebExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(JsonErrorHandler.class);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted() || DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			// Nothing can be said any more, or nobody is listening.
			return Mono.error(ex);
		}
		HttpStatusCode status = (ex instanceof ErrorResponse error) ? error.getStatusCode()
				: HttpStatus.INTERNAL_SERVER_ERROR;
		byte[] body;
		if (ex instanceof MethodNotAllowedException notAllowed) {
			body = ErrorBodies.methodNotAllowed(notAllowed.getHttpMethod());
		}
		else {
			HttpStatus known = HttpStatus.resolve(status.value());
			body = ErrorBodies.forStatus(status.value(), (known != null) ? known.getReasonPhrase() : "Bad request");
		}
		if (status.is5xxServerError()) {
			logger.error("Unexpected error answering {} {}", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), ex);
		}
		HttpHeaders headers = response.getHeaders();
		// What a handler set before failing (a content type, a tag) no longer applies.
		headers.clear();
		if (ex instanceof ErrorResponse error) {
			// Allow on a 405, for instance.
			headers.putAll(error.getHeaders());
		}
		response.setStatusCode(status);
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setCacheControl(ErrorBodies.CACHE_CONTROL);
		headers.setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
