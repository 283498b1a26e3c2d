package com.fever.plans.search.web;

import java.io.ByteArrayOutputStream;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * The contract's error body, {@code {"data":null,"error":{"code":..,"message":..}}}, for
 * every error the service sends (400, 404, 405, 500...), from the search route and from
 * the WebFlux error handler alike: one place for the shape and the wording.
 */
final class ErrorBodies {

	static final String CONTENT_TYPE = "application/json";

	/** Errors are never cached: the next attempt may well succeed. */
	static final String CACHE_CONTROL = "no-store";

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private static final byte[] NOT_FOUND = body("not_found", "No such resource; the search is GET /search");

	private static final byte[] UNAVAILABLE = body("unavailable",
			"The search is temporarily unavailable; retry shortly");

	private static final byte[] INTERNAL_ERROR = body("internal_error", "Internal error");

	private ErrorBodies() {
	}

	/**
	 * A path outside the contract.
	 * @return the body of a 404
	 */
	static byte[] notFound() {
		return NOT_FOUND;
	}

	/**
	 * The database is down and the answer was not in memory.
	 * @return the body of that 500
	 */
	static byte[] unavailable() {
		return UNAVAILABLE;
	}

	/**
	 * Anything unexpected: the details go to the log, never to the client.
	 * @return the body of that 500
	 */
	static byte[] internalError() {
		return INTERNAL_ERROR;
	}

	/**
	 * A bad search parameter.
	 * @param message what is wrong, for the client
	 * @return the body of the 400
	 */
	static byte[] invalidParameter(String message) {
		return body("invalid_parameter", message);
	}

	/**
	 * A method other than GET on a known path.
	 * @param method the request's method
	 * @return the body of the 405
	 */
	static byte[] methodNotAllowed(String method) {
		return body("method_not_allowed", "Method " + method + " is not supported here; use GET");
	}

	/**
	 * The body for an error known only by its status (raised by the framework, not by
	 * us).
	 * @param status the HTTP status, 400 or above
	 * @param reason the status's reason phrase, shown for client errors
	 * @return the contract's error body for that status
	 */
	static byte[] forStatus(int status, String reason) {
		if (status == 404) {
			return NOT_FOUND;
		}
		if (status == 406) {
			return body("not_acceptable", "The search answers application/json");
		}
		return (status < 500) ? body("bad_request", reason) : INTERNAL_ERROR;
	}

	static byte[] body(String code, String message) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(96 + message.length());
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeNullProperty("data");
			json.writeName("error");
			json.writeStartObject();
			json.writeStringProperty("code", code);
			json.writeStringProperty("message", message);
			json.writeEndObject();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

}
