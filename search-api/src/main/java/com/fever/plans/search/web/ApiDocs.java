package com.fever.plans.search.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * Shapes of the contract, for springdoc's generated document only: the service writes its
 * bodies with a streaming generator and never instantiates these. A test compares the
 * generated document with the committed contract so that the two cannot drift apart.
 */
final class ApiDocs {

	private ApiDocs() {
	}

	record SearchResponse(@Schema(requiredMode = RequiredMode.REQUIRED) SearchData data,
			@Schema(requiredMode = RequiredMode.REQUIRED, type = "object", nullable = true) Map<String, Object> error) {

	}

	record SearchData(@Schema(requiredMode = RequiredMode.REQUIRED) List<EventSummary> events) {

	}

	@Schema(name = "EventSummary")
	record EventSummary(
			@Schema(requiredMode = RequiredMode.REQUIRED, format = "uuid",
					description = "Identifier for the plan") UUID id,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Title of the plan") String title,
			@JsonProperty("start_date") @Schema(requiredMode = RequiredMode.REQUIRED, type = "string", format = "date",
					description = "Date when the event starts in local time") LocalDate startDate,
			@JsonProperty("start_time") @Schema(type = "string", format = "time", nullable = true, example = "22:38:19",
					description = "Time when the event starts in local time") String startTime,
			@JsonProperty("end_date") @Schema(requiredMode = RequiredMode.REQUIRED, type = "string", format = "date",
					description = "Date when the event ends in local time") LocalDate endDate,
			@JsonProperty("end_time") @Schema(type = "string", format = "time", nullable = true, example = "14:45:15",
					description = "Time when the event ends in local time") String endTime,
			@JsonProperty("min_price") @Schema(type = "number", nullable = true,
					description = "Min price from all the available tickets") BigDecimal minPrice,
			@JsonProperty("max_price") @Schema(type = "number", nullable = true,
					description = "Max price from all the available tickets") BigDecimal maxPrice) {

	}

	@Schema(name = "ErrorResponse")
	record ErrorResponse(
			@Schema(requiredMode = RequiredMode.REQUIRED, type = "object", nullable = true) Map<String, Object> data,
			@Schema(requiredMode = RequiredMode.REQUIRED) Error error) {

	}

	@Schema(name = "Error")
	record Error(@Schema(requiredMode = RequiredMode.REQUIRED, description = "Error code") String code,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Detail of the error") String message) {

	}

}
