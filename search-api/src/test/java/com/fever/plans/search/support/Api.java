package com.fever.plans.search.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * A real HTTP client for the running application. Every response it returns has been
 * checked against the contract by {@link ContractValidator}.
 */
public final class Api {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final String base;

	public Api(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * {@code GET /search} with the parameters, URL-encoded.
	 * @param parameters name, value, name, value...
	 * @return the validated response
	 */
	public HttpResponse<String> search(String... parameters) {
		StringBuilder query = new StringBuilder();
		for (int i = 0; i < parameters.length; i += 2) {
			query.append(query.isEmpty() ? "?" : "&")
				.append(URLEncoder.encode(parameters[i], StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
		}
		return get("/search" + query);
	}

	public HttpResponse<String> get(String pathAndQuery, String... headers) {
		return send("GET", pathAndQuery, headers);
	}

	public HttpResponse<String> send(String method, String pathAndQuery, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + pathAndQuery))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (headers.length > 0) {
			request.headers(headers);
		}
		HttpResponse<String> response = sendRaw(request.build());
		ContractValidator.assertConforms(response);
		return response;
	}

	/**
	 * Sends a request without contract validation (documents, actuator).
	 * @param request the request
	 * @return the response with the body decompressed when gzip-encoded
	 */
	public static HttpResponse<String> sendRaw(HttpRequest request) {
		try {
			HttpResponse<byte[]> raw = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
			byte[] body = raw.body();
			if (raw.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip")) {
				try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
					body = in.readAllBytes();
				}
			}
			return new DecodedResponse(raw, new String(body, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpResponse<String> getRaw(String pathAndQuery) {
		return sendRaw(HttpRequest.newBuilder(URI.create(this.base + pathAndQuery)).build());
	}

	public String url(String path) {
		return this.base + path;
	}

	private record DecodedResponse(HttpResponse<byte[]> raw, String body) implements HttpResponse<String> {

		@Override
		public int statusCode() {
			return this.raw.statusCode();
		}

		@Override
		public HttpRequest request() {
			return this.raw.request();
		}

		@Override
		public java.util.Optional<HttpResponse<String>> previousResponse() {
			return java.util.Optional.empty();
		}

		@Override
		public java.net.http.HttpHeaders headers() {
			return this.raw.headers();
		}

		@Override
		public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
			return this.raw.sslSession();
		}

		@Override
		public URI uri() {
			return this.raw.uri();
		}

		@Override
		public HttpClient.Version version() {
			return this.raw.version();
		}

	}

}
