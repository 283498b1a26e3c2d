package com.fever.plans.search.web;

import java.io.IOException;

import com.fever.plans.search.cache.CachedBody;
import com.fever.plans.search.cache.SearchResponseCache;
import com.fever.plans.search.config.SearchProperties;
import com.fever.plans.search.database.DatabaseUnavailableException;
import com.fever.plans.search.database.SearchResults;
import com.fever.plans.search.snapshot.EventSnapshot;
import com.fever.plans.search.snapshot.EventSnapshot.Chunks;
import com.fever.plans.search.snapshot.EventSnapshot.Selection;
import com.fever.plans.search.snapshot.SearchSnapshots;
import com.fever.plans.search.window.InvalidSearchException;
import com.fever.plans.search.window.SearchWindow;
import com.fever.plans.search.window.SearchWindowParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;

/**
 * {@code /search} as a Reactor Netty route, ahead of Spring WebFlux (which serves
 * everything else: actuator, the contract, unknown paths): parses the window, answers
 * {@code 304} when the client already has the answer, else sends the ready plain answer
 * of a hot window ({@link PlainAnswers}) or writes it from the current snapshot into one
 * pooled buffer (or, for a very wide window, a stream of small ones); clients that accept
 * gzip get the copy compressed once and cached. Without a snapshot the body comes from
 * the database, off the event loop.
 * <p>
 * Why a route and not Tomcat (search-api README "Server"): the answer is ready bytes, so
 * the server's own cost per request decides the throughput; in make bench the cached
 * window cost 0.14 ms of CPU per request here against 0.17 ms on Tomcat + Spring MVC.
 */
@Component
class SearchRoute implements NettyRouteProvider {

	static final String PATH = "/search";

	/** Answers up to this size go out as one buffer; larger ones are streamed. */
	static final int SINGLE_BUFFER_MAX = 256 * 1024;

	/** The part size of a streamed answer. */
	static final int CHUNK_BYTES = 64 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(SearchRoute.class);

	private static final String JSON = "application/json";

	private static final String VARY = "Accept-Encoding";

	private final SearchWindowParser parser;

	private final SearchResults results;

	private final SearchSnapshots snapshots;

	private final SearchResponseCache cache;

	private final String cacheControl;

	private final long cacheMaxBody;

	private final AccessLog accessLog;

	private final BlockingScheduler blocking;

	private final PlainAnswers plainAnswers;

	SearchRoute(SearchWindowParser parser, SearchResults results, SearchProperties properties,
			SearchSnapshots snapshots, SearchResponseCache cache, AccessLog accessLog, BlockingScheduler blocking,
			PlainAnswers plainAnswers) {
		this.plainAnswers = plainAnswers;
		this.parser = parser;
		this.results = results;
		this.snapshots = snapshots;
		this.cache = cache;
		this.cacheControl = properties.cacheControl();
		this.cacheMaxBody = properties.cacheMaxBody().toBytes();
		this.accessLog = accessLog;
		this.blocking = blocking;
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		// Every method on the path, so that a POST gets the contract's 405 rather than
		// WebFlux's 404 for a path it does not know.
		return routes.route((request) -> PATH.equals(request.fullPath()), this::handle);
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		long start = System.nanoTime();
		Mono<Void> answer;
		try {
			answer = answer(request, response);
		}
		catch (RuntimeException | IOException ex) {
			answer = Mono.error(ex);
		}
		return answer.onErrorResume((ex) -> fail(response, ex))
			.doFinally((signal) -> completed(request, response, signal, start));
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) throws IOException {
		HttpMethod method = request.method();
		if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
			response.header(HttpHeaderNames.ALLOW, "GET, HEAD");
			return error(response, HttpResponseStatus.METHOD_NOT_ALLOWED, ErrorBodies.methodNotAllowed(method.name()));
		}
		SearchWindow window = this.parser.parse(QueryParameters.of(request.uri()));
		HttpHeaders headers = request.requestHeaders();
		// One read: the whole answer comes from this snapshot, whatever replaces it
		// meanwhile.
		EventSnapshot snapshot = this.snapshots.current();
		if (snapshot == null) {
			// JDBC blocks: never on the event loop.
			return Mono.fromCallable(() -> this.results.find(window))
				.subscribeOn(this.blocking.scheduler())
				.flatMap((body) -> send(body, headers, response));
		}
		// The tag needs no selection: a revalidation is answered before the window is
		// scanned.
		String etag = snapshot.etag(window);
		if (HttpCaching.matches(headers.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
			return notModified(etag, response);
		}
		boolean acceptsGzip = HttpCaching.acceptsGzip(headers.get(HttpHeaderNames.ACCEPT_ENCODING));
		SnapshotWindow key = new SnapshotWindow(snapshot.digest(), window);
		ByteBuf ready = this.plainAnswers.get(key);
		if (ready != null) {
			if (!acceptsGzip || ready.readableBytes() < CachedBody.COMPRESSION_THRESHOLD_BYTES) {
				ok(etag, ready.readableBytes(), response);
				return response.send(Mono.just(ready)).then();
			}
			ready.release();
		}
		Selection selection = snapshot.select(window);
		long length = selection.length();
		boolean gzip = acceptsGzip && length >= CachedBody.COMPRESSION_THRESHOLD_BYTES;
		if (gzip && length <= this.cacheMaxBody) {
			// Compressed once per window and snapshot, then served from the cache.
			CachedBody body = this.cache.get(key, (k) -> CachedBody.of(snapshot.render(selection), etag));
			return send(body, headers, response);
		}
		ok(etag, length, response);
		if (length <= SINGLE_BUFFER_MAX) {
			ByteBuf body = render(snapshot, selection, response);
			if (this.plainAnswers.admits(key)) {
				body = keep(key, body, response);
			}
			return response.send(Mono.just(body)).then();
		}
		return response.send(stream(snapshot.chunks(selection, CHUNK_BYTES), response)).then();
	}

	// The answer rendered straight into a pooled heap buffer's array: no garbage, and
	// small copies from many fragments are fastest between arrays (rendering straight
	// into a direct buffer halved the cached windows' rate).
	private static ByteBuf render(EventSnapshot snapshot, Selection selection, HttpServerResponse response) {
		int length = (int) selection.length();
		ByteBuf buffer = response.alloc().heapBuffer(length, length);
		try {
			snapshot.renderInto(selection, buffer.array(), buffer.arrayOffset() + buffer.writerIndex());
			buffer.writerIndex(buffer.writerIndex() + length);
			return buffer;
		}
		catch (RuntimeException ex) {
			buffer.release();
			throw ex;
		}
	}

	// A window asked for again: its answer copied once into a direct buffer (the copy
	// Netty would make on write anyway), which the cache keeps and sends again as it is.
	private ByteBuf keep(SnapshotWindow key, ByteBuf heap, HttpServerResponse response) {
		ByteBuf direct;
		try {
			direct = response.alloc().directBuffer(heap.readableBytes(), heap.readableBytes()).writeBytes(heap);
		}
		finally {
			heap.release();
		}
		this.plainAnswers.offer(key, direct);
		return direct;
	}

	// A part at a time, as the connection asks for them: a window over the whole table
	// holds one part per response, not the answer.
	private static Flux<ByteBuf> stream(Chunks chunks, HttpServerResponse response) {
		return Flux.<ByteBuf, Chunks>generate(() -> chunks, (state, sink) -> {
			ByteBuf part = response.alloc().buffer(CHUNK_BYTES);
			try {
				state.next(new ByteBufOutputStream(part));
			}
			catch (IOException | RuntimeException ex) {
				part.release();
				sink.error(ex);
				return state;
			}
			sink.next(part);
			if (!state.hasMore()) {
				sink.complete();
			}
			return state;
		}).doOnDiscard(ByteBuf.class, ReferenceCountUtil::release);
	}

	private Mono<Void> send(CachedBody body, HttpHeaders headers, HttpServerResponse response) {
		if (HttpCaching.matches(headers.get(HttpHeaderNames.IF_NONE_MATCH), body.etag())) {
			return notModified(body.etag(), response);
		}
		byte[] bytes = body.body();
		if (body.gzipped() != null && HttpCaching.acceptsGzip(headers.get(HttpHeaderNames.ACCEPT_ENCODING))) {
			// Compressed once when cached; the server does not compress
			// (application.yml).
			response.header(HttpHeaderNames.CONTENT_ENCODING, "gzip");
			bytes = body.gzipped();
		}
		ok(body.etag(), bytes.length, response);
		// The cached array itself, wrapped: no copy.
		return response.send(Mono.just(Unpooled.wrappedBuffer(bytes))).then();
	}

	private void ok(String etag, long length, HttpServerResponse response) {
		response.status(HttpResponseStatus.OK)
			.header(HttpHeaderNames.CONTENT_TYPE, JSON)
			.header(HttpHeaderNames.ETAG, etag)
			.header(HttpHeaderNames.CACHE_CONTROL, this.cacheControl)
			.header(HttpHeaderNames.VARY, VARY);
		response.responseHeaders().setInt(HttpHeaderNames.CONTENT_LENGTH, (int) length);
	}

	private Mono<Void> notModified(String etag, HttpServerResponse response) {
		response.status(HttpResponseStatus.NOT_MODIFIED)
			.header(HttpHeaderNames.ETAG, etag)
			.header(HttpHeaderNames.CACHE_CONTROL, this.cacheControl)
			.header(HttpHeaderNames.VARY, VARY);
		return response.send();
	}

	private Mono<Void> fail(HttpServerResponse response, Throwable ex) {
		if (response.hasSentHeaders()) {
			// The answer was under way: nothing to correct, the connection is closed.
			logger.debug("Search answer interrupted: {}", ex.toString());
			return Mono.empty();
		}
		response.responseHeaders().remove(HttpHeaderNames.CONTENT_ENCODING).remove(HttpHeaderNames.ETAG);
		if (ex instanceof InvalidSearchException) {
			return error(response, HttpResponseStatus.BAD_REQUEST, ErrorBodies.invalidParameter(ex.getMessage()));
		}
		if (ex instanceof DatabaseUnavailableException) {
			// Expected while the database is down, and logged by the DatabaseGate when
			// it goes down: nothing per request.
			logger.debug("Search not in memory and database unavailable: {}",
					(ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage());
			return error(response, HttpResponseStatus.INTERNAL_SERVER_ERROR, ErrorBodies.unavailable());
		}
		logger.error("Unexpected error answering a search", ex);
		return error(response, HttpResponseStatus.INTERNAL_SERVER_ERROR, ErrorBodies.internalError());
	}

	private static Mono<Void> error(HttpServerResponse response, HttpResponseStatus status, byte[] body) {
		response.status(status)
			.header(HttpHeaderNames.CONTENT_TYPE, JSON)
			.header(HttpHeaderNames.CACHE_CONTROL, ErrorBodies.CACHE_CONTROL);
		response.responseHeaders().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		return response.send(Mono.just(Unpooled.wrappedBuffer(body))).then();
	}

	private void completed(HttpServerRequest request, HttpServerResponse response, SignalType signal, long start) {
		// A client that went away before its answer was written: logged as such.
		int status = (signal == SignalType.CANCEL) ? 499 : response.status().code();
		String uri = request.uri();
		int query = uri.indexOf('?');
		this.accessLog.record(request.method().name(), PATH, PATH, (query >= 0) ? uri.substring(query + 1) : null,
				status, System.nanoTime() - start);
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
