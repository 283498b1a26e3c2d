package com.fever.plans.search.web;

import java.io.ByteArrayOutputStream;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The contract's error body, {@code {"data":null,"error":{"code":..,"message":..}}}, for
 * every error the service sends (400, 404, 405, 500...).
 */
final class ErrorBodies {

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private static final String NOT_FOUND_MESSAGE = "No such resource; the search is GET /search";

	private ErrorBodies() {
	}

	/**
	 * The answer to a path outside the contract.
	 * @return a 404 with the contract's error body
	 */
	static ResponseEntity<byte[]> notFound() {
		return response(HttpStatus.NOT_FOUND, "not_found", NOT_FOUND_MESSAGE);
	}

	/**
	 * The body for an error the servlet container (or a filter) raised with only a
	 * status: no exception of ours says more.
	 * @param status the HTTP status, 400 or above
	 * @return the contract's error body for that status
	 */
	static byte[] forStatus(int status) {
		if (status == 404) {
			return body("not_found", NOT_FOUND_MESSAGE);
		}
		return (status < 500) ? body("bad_request", "The request is malformed")
				: body("internal_error", "Internal error");
	}

	/**
	 * Builds a JSON error response.
	 * @param status the HTTP status
	 * @param code a stable, machine-readable code
	 * @param message a human-readable explanation
	 * @return the response, never cached by clients
	 */
	static ResponseEntity<byte[]> response(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.header("Cache-Control", "no-store")
			.body(body(code, message));
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
