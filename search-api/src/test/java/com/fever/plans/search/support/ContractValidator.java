package com.fever.plans.search.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks real responses against the committed contract ({@code static/openapi.yaml} on
 * the classpath, the copy the service serves) with Atlassian's swagger-request-validator.
 * <p>
 * The contract defines 200, 400 and 500 of {@code GET /search}. For what it does not
 * define: a {@code 304} must have no body and carry the tag; any other error status
 * ({@code 404}, {@code 405}) must still have the contract's {@code ErrorResponse} body,
 * so its body is validated as the 400 response of {@code /search}, whose schema is
 * {@code ErrorResponse}.
 */
public final class ContractValidator {

	public static final String CONTRACT_RESOURCE = "static/openapi.yaml";

	private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
		.createForInlineApiSpecification(contract())
		.build();

	private ContractValidator() {
	}

	public static String contract() {
		try (InputStream in = ContractValidator.class.getClassLoader().getResourceAsStream(CONTRACT_RESOURCE)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Asserts that a response of the API conforms to the contract.
	 * @param response the response, body already decompressed
	 */
	public static void assertConforms(HttpResponse<String> response) {
		assertConforms(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
				response.headers().firstValue("ETag").orElse(null), response.body());
	}

	/**
	 * Asserts that a response of the API conforms to the contract.
	 * @param status the status
	 * @param contentType the {@code Content-Type}, or {@code null}
	 * @param etag the {@code ETag}, or {@code null}
	 * @param body the body, decompressed
	 */
	public static void assertConforms(int status, String contentType, String etag, String body) {
		if (status == 304) {
			assertThat(body).as("304 body").isEmpty();
			assertThat(etag).as("304 ETag").isNotNull();
			return;
		}
		int validatedAs = (status == 200 || status == 400 || status == 500) ? status : 400;
		assertThat(status == 200 || status >= 400).as("status %d is a success or an error", status).isTrue();
		SimpleResponse.Builder builder = SimpleResponse.Builder.status(validatedAs).withBody(body);
		if (contentType != null) {
			builder.withContentType(contentType);
		}
		ValidationReport report = VALIDATOR.validateResponse("/search", Request.Method.GET, builder.build());
		assertThat(report.getMessages()).as("contract violations of %d %s", status, body).isEmpty();
	}

}
