package com.fever.plans.search.web;

import com.fever.plans.search.database.DatabaseUnavailableException;
import com.fever.plans.search.window.InvalidSearchException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Maps every exception a handler can throw to the contract's error body, so a client
 * never sees a stack trace or a framework's error page.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(InvalidSearchException.class)
	ResponseEntity<byte[]> invalidSearch(InvalidSearchException ex) {
		return ErrorBodies.response(HttpStatus.BAD_REQUEST, "invalid_parameter", ex.getMessage());
	}

	@ExceptionHandler({ MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class })
	ResponseEntity<byte[]> badRequest(Exception ex) {
		return ErrorBodies.response(HttpStatus.BAD_REQUEST, "invalid_parameter", "The request is malformed");
	}

	// Tomcat refuses a query string that is not valid percent-encoded UTF-8 only when a
	// parameter is first read, i.e. inside the handler.
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<byte[]> undecodableParameters(InvalidParameterException ex) {
		return ErrorBodies.response(HttpStatus.BAD_REQUEST, "invalid_parameter",
				"The query string is not valid percent-encoded UTF-8");
	}

	@ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
	ResponseEntity<byte[]> notFound(Exception ex) {
		return ErrorBodies.notFound();
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<byte[]> methodNotAllowed(HttpRequestMethodNotSupportedException ex) {
		return ErrorBodies.response(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
				"Method " + ex.getMethod() + " is not supported here; use GET");
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<byte[]> notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		return ErrorBodies.response(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "The search answers application/json");
	}

	@ExceptionHandler(DatabaseUnavailableException.class)
	ResponseEntity<byte[]> databaseUnavailable(DatabaseUnavailableException ex) {
		// Expected while the database is down, and logged by the DatabaseGate when it
		// goes
		// down: nothing per request.
		logger.debug("Search not cached and database unavailable: {}",
				(ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage());
		return ErrorBodies.response(HttpStatus.INTERNAL_SERVER_ERROR, "unavailable",
				"The search is temporarily unavailable; retry shortly");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<byte[]> unexpected(Exception ex) {
		// The client went away while its answer was written: nobody to answer, nothing
		// wrong.
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			return null;
		}
		// Spring's own client errors (415, 413...) carry their status.
		if (ex instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
			HttpStatus status = HttpStatus.valueOf(response.getStatusCode().value());
			return ErrorBodies.response(status, "bad_request", status.getReasonPhrase());
		}
		logger.error("Unexpected error answering a request", ex);
		return ErrorBodies.response(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Internal error");
	}

}
