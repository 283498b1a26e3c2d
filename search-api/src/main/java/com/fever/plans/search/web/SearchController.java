package com.fever.plans.search.web;

import java.io.IOException;

import com.fever.plans.search.cache.CachedBody;
import com.fever.plans.search.cache.SearchResponseCache;
import com.fever.plans.search.config.SearchProperties;
import com.fever.plans.search.snapshot.EventSnapshot;
import com.fever.plans.search.snapshot.EventSnapshot.Selection;
import com.fever.plans.search.snapshot.SearchSnapshots;
import com.fever.plans.search.database.SearchResults;
import com.fever.plans.search.window.SearchWindow;
import com.fever.plans.search.window.SearchWindowParser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * {@code GET /search}: parses the window, answers {@code 304} when the client already has
 * the answer, else writes it from the current snapshot straight to the response (or, for
 * clients that accept gzip, sends the copy compressed once and cached). Without a
 * snapshot, the body comes from the database through the response cache.
 * <p>
 * The annotations only feed springdoc's generated {@code /v3/api-docs}, which a test
 * compares with the committed contract ({@code /openapi.yaml}, the source of truth).
 */
@RestController
class SearchController {

	private final SearchWindowParser parser;

	private final SearchResults results;

	private final String cacheControl;

	private final SearchSnapshots snapshots;

	private final SearchResponseCache cache;

	private final long cacheMaxBody;

	SearchController(SearchWindowParser parser, SearchResults results, SearchProperties properties,
			SearchSnapshots snapshots, SearchResponseCache cache) {
		this.parser = parser;
		this.results = results;
		this.cacheControl = properties.cacheControl();
		this.snapshots = snapshots;
		this.cache = cache;
		this.cacheMaxBody = properties.cacheMaxBody().toBytes();
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
	void search(
			@Parameter(in = ParameterIn.QUERY, description = "Return only events that starts after this date",
					schema = @Schema(type = "string", format = "date-time",
							example = "2017-07-21T17:32:28Z")) @RequestParam(name = "starts_at",
									required = false) String startsAt,
			@Parameter(in = ParameterIn.QUERY, description = "Return only events that finishes before this date",
					schema = @Schema(type = "string", format = "date-time",
							example = "2021-07-21T17:32:28Z")) @RequestParam(name = "ends_at",
									required = false) String endsAt,
			@Parameter(hidden = true) HttpServletRequest request,
			@Parameter(hidden = true) HttpServletResponse response) throws IOException {
		// The raw parameter map, not the two strings: a repeated parameter is an error,
		// which the bound values alone cannot show.
		SearchWindow window = this.parser.parse(request.getParameterMap());
		// One read: the whole answer comes from this snapshot, whatever replaces it
		// meanwhile.
		EventSnapshot snapshot = this.snapshots.current();
		if (snapshot == null) {
			send(this.results.find(window), request, response);
			return;
		}
		// The tag needs no selection: a revalidation is answered before the window is
		// scanned.
		String etag = snapshot.etag(window);
		if (notModified(etag, request, response)) {
			return;
		}
		Selection selection = snapshot.select(window);
		boolean gzip = selection.length() >= CachedBody.COMPRESSION_THRESHOLD_BYTES
				&& HttpCaching.acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
		if (gzip && selection.length() <= this.cacheMaxBody) {
			// Compressed once per window and snapshot, then served from the cache.
			CachedBody body = this.cache.get(new SnapshotWindow(snapshot.digest(), window),
					(key) -> CachedBody.of(snapshot.render(selection), etag));
			send(body, request, response);
			return;
		}
		headers(etag, response);
		response.setContentLengthLong(selection.length());
		snapshot.writeTo(selection, response.getOutputStream());
	}

	private void send(CachedBody body, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (notModified(body.etag(), request, response)) {
			return;
		}
		headers(body.etag(), response);
		byte[] bytes = body.body();
		if (body.gzipped() != null && HttpCaching.acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING))) {
			// Compressed once when cached; the container sees the encoding and leaves it.
			response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
			bytes = body.gzipped();
		}
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	private void headers(String etag, HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader(HttpHeaders.ETAG, etag);
		response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
		response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
	}

	/**
	 * Answers a revalidation with Spring's own conditional-request handling (weak
	 * {@code If-None-Match} comparison, lists, {@code *}, and {@code If-Match}):
	 * {@code 304} (or {@code 412}) with the caching headers, and nothing else to do.
	 */
	private boolean notModified(String etag, HttpServletRequest request, HttpServletResponse response) {
		if (!new ServletWebRequest(request, response).checkNotModified(etag)) {
			return false;
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
		response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
		return true;
	}

	/**
	 * The cache key of an answer from a snapshot: equal data (same digest) gives equal
	 * answers.
	 *
	 * @param digest the snapshot's digest
	 * @param window the window
	 */
	record SnapshotWindow(String digest, SearchWindow window) {

	}

}
