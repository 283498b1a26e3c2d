package com.fever.plans.search;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fever.plans.search.support.ContractValidator;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors outside the search itself still get the contract's error body, never a framework
 * page or a stack trace.
 */
class ErrorResponseTest extends SearchApiTestBase {

	@Test
	void unknownPathsGetAJson404() {
		for (String path : new String[] { "/nope", "/search/extra", "/events?x=1", "/openapi.json" }) {
			HttpResponse<String> response = this.api.get(path, "Accept", "text/html");

			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
			JsonNode body = json(response);
			assertThat(body.get("data").isNull()).isTrue();
			assertThat(body.get("error").get("code").asString()).isEqualTo("not_found");
		}
	}

	@Test
	void otherMethodsGetAJson405() {
		HttpResponse<String> response = this.api.send("POST", "/search");

		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(json(response).get("error").get("code").asString()).isEqualTo("method_not_allowed");
	}

	@Test
	void headGetsTheHeadersOfGetWithoutABody() throws Exception {
		HttpResponse<String> get = this.api.getRaw("/search");
		String head = rawRequest("HEAD /search HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertThat(head).startsWith("HTTP/1.1 200")
			.containsIgnoringCase("content-length: " + get.body().getBytes(StandardCharsets.UTF_8).length)
			.containsIgnoringCase("etag: " + get.headers().firstValue("ETag").orElseThrow())
			.endsWith("\r\n\r\n");
	}

	@Test
	void anHtmlClientStillGetsJson() {
		HttpResponse<String> response = this.api.get("/search?starts_at=x", "Accept", "text/html");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
	}

	@Test
	void requestsTheServerCannotParseGetJsonToo() throws Exception {
		for (String target : new String[] { "/search?starts_at=a b", "/search?starts_at=\u0001", "/sea{rch",
				"/search?starts_at=" + "1".repeat(9000) }) {
			String response = rawRequest("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

			String head = response.substring(0, response.indexOf("\r\n\r\n"));
			String body = response.substring(response.indexOf("\r\n\r\n") + 4);
			assertThat(head).as(target)
				.startsWith("HTTP/1.1 400")
				.containsIgnoringCase("Content-Type: application/json");
			ContractValidator.assertConforms(400, "application/json", null, body);
			assertThat(body).contains("\"code\":\"bad_request\"");
		}
	}

	private String rawRequest(String request) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
