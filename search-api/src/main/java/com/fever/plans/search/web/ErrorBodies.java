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
public final class ErrorBodies {

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private ErrorBodies() {
	}

	/**
	 * Builds a JSON error response.
	 * @param status the HTTP status
	 * @param code a stable, machine-readable code
	 * @param message a human-readable explanation
	 * @return the response, never cached by clients
	 */
	public static ResponseEntity<byte[]> response(HttpStatus status, String code, String message) {
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
