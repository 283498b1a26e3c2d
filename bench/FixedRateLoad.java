import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Open-loop fixed-rate HTTP/1.1 load for the search benchmark (what wrk2 does; Debian does
 * not package wrk2, and one autocannon process could not offer 20,000 req/s here).
 *
 * <pre>
 * java FixedRateLoad.java URL RATE CONNECTIONS SECONDS fixed WINDOWS_FILE
 * java FixedRateLoad.java URL RATE CONNECTIONS SECONDS random FROM TO MINLEN MAXLEN
 * </pre>
 *
 * Requests are due at fixed intervals whatever the server does; a due request waits for a
 * free keep-alive connection, and its latency is measured from when it was due, not from
 * when it could be sent (no coordinated omission: a server that falls behind shows it in
 * the percentiles, and the achieved rate is printed beside them). Non-blocking sockets, one
 * selector per thread (BENCH_LOAD_THREADS, default 2), responses framed by Content-Length.
 * Prints one "BENCH key=value ..." line, as fixed-rate.js did. Same windows as
 * wrk-windows.lua.
 */
public class FixedRateLoad {

	public static void main(String[] args) throws Exception {
		URI url = URI.create(args[0]);
		double rate = Double.parseDouble(args[1]);
		int connections = Integer.parseInt(args[2]);
		int seconds = Integer.parseInt(args[3]);
		Supplier<String> paths = paths(Arrays.copyOfRange(args, 4, args.length));
		int threads = Math.max(1, Math.min(connections,
				Integer.parseInt(System.getenv().getOrDefault("BENCH_LOAD_THREADS", "2"))));
		InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());
		String host = url.getHost() + ":" + url.getPort();
		long start = System.nanoTime() + 200_000_000L;
		long end = start + seconds * 1_000_000_000L;
		List<Generator> generators = new ArrayList<>();
		List<Thread> running = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			int share = connections / threads + ((i < connections % threads) ? 1 : 0);
			Generator generator = new Generator(address, host, paths, share, rate / threads, start, end);
			generators.add(generator);
			Thread thread = new Thread(generator, "load-" + i);
			thread.start();
			running.add(thread);
		}
		for (Thread thread : running) {
			thread.join();
		}
		long[] latencies = generators.stream().flatMapToLong((g) -> Arrays.stream(g.latencies, 0, g.count)).toArray();
		Arrays.sort(latencies);
		long completed = latencies.length;
		long bytes = generators.stream().mapToLong((g) -> g.bytes).sum();
		long errors = generators.stream().mapToLong((g) -> g.errors).sum();
		long non2xx = generators.stream().mapToLong((g) -> g.non2xx).sum();
		long unsent = generators.stream().mapToLong((g) -> g.unanswered).sum();
		// Achieved rate over the time it took: the run lasts until the last answer.
		long last = generators.stream().mapToLong((g) -> g.lastAnswer).max().orElse(end);
		double secs = (Math.max(last, end) - start) / 1e9;
		System.out.printf(
				"BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s bytes=%d errors=%d timeouts=%d non2xx=%d offered_rps=%.1f%n",
				completed, secs, completed / secs, ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.99),
				ms(latencies, 1.0), bytes, errors, unsent, non2xx, rate);
	}

	private static String ms(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return "0";
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
		return String.format("%.2f", sorted[Math.max(0, index)] / 1e6);
	}

	private static Supplier<String> paths(String[] mode) throws IOException {
		if (mode[0].equals("fixed")) {
			List<String> windows = new ArrayList<>();
			for (String line : Files.readAllLines(Path.of(mode[1]))) {
				String[] parts = line.trim().split("\\s+");
				if (parts.length >= 2) {
					windows.add("/search?starts_at=" + parts[0] + "&ends_at=" + parts[1]);
				}
			}
			AtomicInteger next = new AtomicInteger();
			return () -> windows.get(Math.floorMod(next.getAndIncrement(), windows.size()));
		}
		long from = Long.parseLong(mode[1]);
		long to = Long.parseLong(mode[2]);
		long minLength = Long.parseLong(mode[3]);
		long maxLength = Long.parseLong(mode[4]);
		return () -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			long startsAt = random.nextLong(from, to + 1);
			long endsAt = startsAt + random.nextLong(minLength, maxLength + 1);
			return "/search?starts_at=" + Instant.ofEpochSecond(startsAt) + "&ends_at=" + Instant.ofEpochSecond(endsAt);
		};
	}

	/** One thread: its share of the connections and of the rate. */
	static final class Generator implements Runnable {

		private static final long TIMEOUT_NANOS = 10_000_000_000L;

		private final InetSocketAddress address;

		private final String host;

		private final Supplier<String> paths;

		private final int connections;

		private final double intervalNanos;

		private final long start;

		private final long end;

		long[] latencies = new long[1 << 16];

		int count;

		long bytes;

		long errors;

		long non2xx;

		long unanswered;

		long lastAnswer;

		Generator(InetSocketAddress address, String host, Supplier<String> paths, int connections, double rate,
				long start, long end) {
			this.address = address;
			this.host = host;
			this.paths = paths;
			this.connections = connections;
			this.intervalNanos = 1e9 / rate;
			this.start = start;
			this.end = end;
		}

		@Override
		public void run() {
			try (Selector selector = Selector.open()) {
				ArrayDeque<Connection> idle = new ArrayDeque<>();
				for (int i = 0; i < this.connections; i++) {
					idle.add(connect(selector));
				}
				ArrayDeque<Long> due = new ArrayDeque<>();
				long sent = 0;
				long next = this.start;
				int busy = 0;
				while (true) {
					long now = System.nanoTime();
					while (next <= now && next < this.end) {
						due.add(next);
						// From the start each time: no rounding error adds up over a run.
						next = this.start + (long) (++sent * this.intervalNanos);
					}
					while (!due.isEmpty() && !idle.isEmpty()) {
						Connection connection = idle.poll();
						if (connection.closed) {
							// The server closed it while idle: open another.
							idle.add(connect(selector));
							continue;
						}
						if (connection.send(due.poll(), this.paths.get(), this.host)) {
							busy++;
						}
						else {
							this.errors++;
							connection.close();
							idle.add(connect(selector));
						}
					}
					if (next >= this.end && busy == 0) {
						this.unanswered += due.size();
						return;
					}
					if (next >= this.end && now - this.end > TIMEOUT_NANOS) {
						this.unanswered += busy + due.size();
						return;
					}
					long waitNanos = (next < this.end) ? next - System.nanoTime() : 10_000_000L;
					if (waitNanos >= 1_000_000L) {
						selector.select(waitNanos / 1_000_000L);
					}
					else {
						selector.selectNow();
					}
					for (SelectionKey key : selector.selectedKeys()) {
						Connection connection = (Connection) key.attachment();
						if (!connection.awaiting) {
							// Idle and readable: the server closed it (or sent what was not
							// asked); it is replaced when next taken from the idle queue.
							connection.close();
							continue;
						}
						int outcome = connection.read();
						if (outcome == Connection.PENDING) {
							continue;
						}
						busy--;
						connection.awaiting = false;
						if (outcome == Connection.FAILED) {
							this.errors++;
							connection.close();
							idle.add(connect(selector));
							continue;
						}
						this.lastAnswer = System.nanoTime();
						record(this.lastAnswer - connection.due);
						this.bytes += connection.received;
						if (connection.status / 100 != 2 && connection.status != 304) {
							this.non2xx++;
						}
						idle.add(connection);
					}
					selector.selectedKeys().clear();
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private Connection connect(Selector selector) throws IOException {
			SocketChannel channel = SocketChannel.open(this.address);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.configureBlocking(false);
			Connection connection = new Connection(channel);
			channel.register(selector, SelectionKey.OP_READ, connection);
			return connection;
		}

		private void record(long nanos) {
			if (this.count == this.latencies.length) {
				this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
			}
			this.latencies[this.count++] = nanos;
		}

	}

	/** One keep-alive connection: sends a request, then reads one response. */
	static final class Connection {

		static final int PENDING = 0;

		static final int DONE = 1;

		static final int FAILED = 2;

		private final SocketChannel channel;

		private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);

		private final byte[] head = new byte[8192];

		private int headLength;

		private long bodyRemaining = -1;

		long due;

		boolean awaiting;

		boolean closed;

		int status;

		long received;

		Connection(SocketChannel channel) {
			this.channel = channel;
		}

		boolean send(long due, String path, String host) {
			this.due = due;
			this.headLength = 0;
			this.bodyRemaining = -1;
			this.received = 0;
			ByteBuffer request = ByteBuffer
				.wrap(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			try {
				// A request of a few hundred bytes fits the empty socket buffer at once.
				this.channel.write(request);
				this.awaiting = !request.hasRemaining();
				return this.awaiting;
			}
			catch (IOException ex) {
				return false;
			}
		}

		int read() {
			try {
				while (true) {
					this.in.clear();
					int n = this.channel.read(this.in);
					if (n < 0) {
						return FAILED;
					}
					if (n == 0) {
						return PENDING;
					}
					this.received += n;
					this.in.flip();
					if (this.bodyRemaining < 0) {
						while (this.in.hasRemaining() && this.bodyRemaining < 0) {
							if (this.headLength == this.head.length) {
								return FAILED;
							}
							this.head[this.headLength++] = this.in.get();
							if (this.headLength >= 4 && this.head[this.headLength - 1] == '\n'
									&& this.head[this.headLength - 2] == '\r' && this.head[this.headLength - 3] == '\n'
									&& this.head[this.headLength - 4] == '\r') {
								if (!parseHead()) {
									return FAILED;
								}
							}
						}
					}
					if (this.bodyRemaining >= 0) {
						this.bodyRemaining -= this.in.remaining();
						if (this.bodyRemaining == 0) {
							return DONE;
						}
						if (this.bodyRemaining < 0) {
							// More than one response: the server answered what was not asked.
							return FAILED;
						}
					}
				}
			}
			catch (IOException ex) {
				return FAILED;
			}
		}

		private boolean parseHead() {
			String text = new String(this.head, 0, this.headLength, StandardCharsets.ISO_8859_1);
			this.status = Integer.parseInt(text.substring(9, 12));
			long length = (this.status == 304) ? 0 : -1;
			for (String line : text.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Content-Length")) {
					length = Long.parseLong(line.substring(colon + 1).trim());
				}
			}
			// Only Content-Length framing: every answer of the API and of nginx has one.
			this.bodyRemaining = length;
			return length >= 0;
		}

		void close() {
			this.closed = true;
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// already gone
			}
		}

	}

}
