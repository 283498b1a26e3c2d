package com.fever.plans.search.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares a document generated from the code with the committed contract using
 * openapi-diff: the contract is the old version, the generated document the new one, so
 * any change that would break a client of the contract fails.
 */
public final class ContractComparison {

	private ContractComparison() {
	}

	public static ChangedOpenApi assertCompatible(String contract, String generated) {
		ChangedOpenApi diff = OpenApiCompare.fromContents(contract, generated);
		String report = render(diff);
		assertThat(diff.isIncompatible()).as("breaking differences from the contract:%n%s", report).isFalse();
		// The search operation must exist in both: a missing path is no "change" but a
		// gap.
		assertThat(diff.getMissingEndpoints()).as("endpoints of the contract missing from the code").isEmpty();
		return diff;
	}

	private static String render(ChangedOpenApi diff) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (OutputStreamWriter writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
			new MarkdownRender().render(diff, writer);
		}
		catch (IOException | RuntimeException ex) {
			return "(no report: " + ex.getMessage() + ")";
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
