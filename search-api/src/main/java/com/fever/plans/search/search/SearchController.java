package com.fever.plans.search.search;

import com.fever.plans.search.cache.CachedBody;
import com.fever.plans.search.config.SearchProperties;
import com.fever.plans.search.web.HttpCaching;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /search}: parses the window, takes the ready body, answers {@code 304} when
 * the client already has it, and sends the pre-compressed copy to clients that accept
 * gzip.
 * <p>
 * The annotations only feed springdoc's generated {@code /v3/api-docs}, which a test
 * compares with the committed contract ({@code /openapi.yaml}, the source of truth).
 */
@RestController
class SearchController {

	private final SearchWindowParser parser;

	private final SearchResults results;

	private final String cacheControl;

	SearchController(SearchWindowParser parser, SearchResults results, SearchProperties properties) {
		this.parser = parser;
		this.results = results;
		this.cacheControl = properties.cacheControl();
	}

	@GetMapping("/search")
	@Operation(operationId = "searchEvents", summary = "Lists the available events on a time range", responses = {
			@ApiResponse(responseCode = "200", description = "List of plans",
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = ApiDocs.SearchResponse.class))),
			@ApiResponse(responseCode = "400",
					description = "The request was not correctly formed (missing required parameters, wrong types...)",
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = ApiDocs.ErrorResponse.class))),
			@ApiResponse(responseCode = "500", description = "Generic error",
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = ApiDocs.ErrorResponse.class))) })
	ResponseEntity<byte[]> search(
			@Parameter(in = ParameterIn.QUERY, description = "Return only events that starts after this date",
					schema = @Schema(type = "string", format = "date-time",
							example = "2017-07-21T17:32:28Z")) @RequestParam(name = "starts_at",
									required = false) String startsAt,
			@Parameter(in = ParameterIn.QUERY, description = "Return only events that finishes before this date",
					schema = @Schema(type = "string", format = "date-time",
							example = "2021-07-21T17:32:28Z")) @RequestParam(name = "ends_at",
									required = false) String endsAt,
			@Parameter(hidden = true) HttpServletRequest request) {
		// The raw parameter map, not the two strings: a repeated or unknown parameter is
		// an error, which the bound values alone cannot show.
		SearchWindow window = this.parser.parse(request.getParameterMap());
		CachedBody body = this.results.find(window);
		if (HttpCaching.matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), body.etag())) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
				.eTag(body.etag())
				.header(HttpHeaders.CACHE_CONTROL, this.cacheControl)
				.header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
				.build();
		}
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.eTag(body.etag())
			.header(HttpHeaders.CACHE_CONTROL, this.cacheControl)
			.header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
		if (body.gzipped() != null && HttpCaching.acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING))) {
			// Compressed once when cached; the container sees the encoding and leaves it.
			return ok.header(HttpHeaders.CONTENT_ENCODING, "gzip").body(body.gzipped());
		}
		return ok.body(body.body());
	}

}
