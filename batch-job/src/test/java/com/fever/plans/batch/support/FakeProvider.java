package com.fever.plans.batch.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback standing in for the provider: it serves scripted answers
 * (the fixture files, or faults: slow headers, a trickling body, error statuses, a
 * connection reset, a truncated body...). Raw sockets, so a fault is exactly what goes
 * over the wire.
 */
public final class FakeProvider implements AutoCloseable {

	private final ServerSocket server;

	private final ExecutorService workers = Executors.newCachedThreadPool();

	private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();

	private final AtomicInteger requests = new AtomicInteger();

	private volatile Answer fallback = Answer.status(404, "no answer scripted");

	public FakeProvider() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.workers.submit(this::accept);
	}

	public URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort() + "/api/events");
	}

	/** Answers the next requests with these, in order, then with the fallback. */
	public void enqueue(Answer... answers) {
		for (Answer answer : answers) {
			this.script.addLast(answer);
		}
	}

	/** Answers every request not scripted with {@code answer}. */
	public void always(Answer answer) {
		this.fallback = answer;
	}

	public void reset() {
		this.script.clear();
		this.requests.set(0);
		this.fallback = Answer.status(404, "no answer scripted");
	}

	public int requests() {
		return this.requests.get();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.workers.submit(() -> handle(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void handle(Socket socket) {
		try (socket) {
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			String line;
			while ((line = reader.readLine()) != null && !line.isEmpty()) {
				// Request line and headers: nothing in them changes the answer.
			}
			this.requests.incrementAndGet();
			Answer answer = this.script.pollFirst();
			((answer != null) ? answer : this.fallback).write(socket);
		}
		catch (IOException | InterruptedException ex) {
			// The client went away (a timeout under test): nothing to do.
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.workers.shutdownNow();
	}

	/**
	 * One scripted answer.
	 */
	@FunctionalInterface
	public interface Answer {

		void write(Socket socket) throws IOException, InterruptedException;

		static Answer xml(byte[] body) {
			return respond(200, "application/xml", body, Map.of());
		}

		static Answer body(String contentType, String body) {
			return respond(200, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
		}

		static Answer status(int status, String body) {
			return respond(status, "text/plain", body.getBytes(StandardCharsets.UTF_8), Map.of());
		}

		static Answer status(int status, String body, Map<String, String> headers) {
			return respond(status, "text/plain", body.getBytes(StandardCharsets.UTF_8), headers);
		}

		/** Sends nothing for {@code delay}, then the body. */
		static Answer delayed(Duration delay, byte[] body) {
			return (socket) -> {
				Thread.sleep(delay.toMillis());
				xml(body).write(socket);
			};
		}

		/**
		 * Sends the headers, then the body a few bytes at a time with a pause between.
		 */
		static Answer trickle(byte[] body, Duration pause) {
			return (socket) -> {
				OutputStream out = socket.getOutputStream();
				out.write(head(200, "application/xml", body.length, Map.of()));
				for (int i = 0; i < body.length; i += 16) {
					out.write(body, i, Math.min(16, body.length - i));
					out.flush();
					Thread.sleep(pause.toMillis());
				}
			};
		}

		/** Sends nothing until {@code release} opens, then the body. */
		static Answer heldUntil(CountDownLatch release, byte[] body) {
			return (socket) -> {
				release.await();
				xml(body).write(socket);
			};
		}

		/** Announces the whole body but sends only {@code sent} bytes, then closes. */
		static Answer truncated(byte[] body, int sent) {
			return (socket) -> {
				OutputStream out = socket.getOutputStream();
				out.write(head(200, "application/xml", body.length, Map.of()));
				out.write(body, 0, sent);
				out.flush();
			};
		}

		/** Resets the connection (TCP RST) without answering. */
		static Answer connectionReset() {
			return (socket) -> {
				socket.setSoLinger(true, 0);
				socket.close();
			};
		}

		private static Answer respond(int status, String contentType, byte[] body, Map<String, String> headers) {
			return (socket) -> {
				OutputStream out = socket.getOutputStream();
				out.write(head(status, contentType, body.length, headers));
				out.write(body);
				out.flush();
			};
		}

		private static byte[] head(int status, String contentType, long length, Map<String, String> headers) {
			StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status)
				.append(" X\r\n")
				.append("Content-Type: ")
				.append(contentType)
				.append("\r\nContent-Length: ")
				.append(length)
				.append("\r\nConnection: close\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
		}

	}

}
