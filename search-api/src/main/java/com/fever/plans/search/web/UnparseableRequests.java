package com.fever.plans.search.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

/**
 * A request the server cannot take apart (a malformed request line, a header or URI too
 * long, characters a URI may not contain) gets the contract's JSON error body, like every
 * other error, instead of Reactor Netty's empty 400 (or Spring's, for a URI it cannot
 * parse); the connection is then closed, as its framing is in doubt. A handler right
 * after the HTTP codec, ahead of Reactor Netty's own.
 */
@Component
class UnparseableRequests implements NettyServerCustomizer {

	private static final String NAME = "plans.unparseableRequests";

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new Handler());
			}
		});
	}

	/**
	 * Tells whether a request target holds only characters a URI may contain (RFC 3986):
	 * what Spring would otherwise refuse with an empty 400.
	 * @param target the request target
	 * @return {@code true} when every character is allowed
	 */
	static boolean isValidTarget(String target) {
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "-._~:/?#[]@!$&'()*+,;=%".indexOf(c) >= 0;
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	private static final class Handler extends ChannelInboundHandlerAdapter {

		// Once refused, whatever else arrives on the connection is dropped.
		private boolean refused;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (this.refused) {
				ReferenceCountUtil.release(msg);
				return;
			}
			if (msg instanceof HttpRequest request) {
				if (request.decoderResult().isFailure() || !isValidTarget(request.uri())) {
					this.refused = true;
					ReferenceCountUtil.release(msg);
					refuse(ctx);
					return;
				}
			}
			ctx.fireChannelRead(msg);
		}

		// Always 400, the contract's status for a malformed request (also for a line or
		// header too long, where 414 or 431 would be more precise).
		private static void refuse(ChannelHandlerContext ctx) {
			HttpResponseStatus status = HttpResponseStatus.BAD_REQUEST;
			byte[] body = ErrorBodies.forStatus(status.code(), "The request is malformed");
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
					Unpooled.wrappedBuffer(body));
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, ErrorBodies.CONTENT_TYPE)
				.set(HttpHeaderNames.CACHE_CONTROL, ErrorBodies.CACHE_CONTROL)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
		}

	}

}
