import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the provider, for {@code make demo}: serves the bundled fixture answers
 * (response_1.xml, response_2.xml, response_3.xml) in turn at {@code /api/events}, one per
 * request, starting again after the last. Loopback only. Run with the JDK's source launcher:
 * {@code java batch-job/src/demo/DemoProvider.java <port> <feedsDirectory>}.
 */
public class DemoProvider {

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		Path feeds = Path.of(args[1]);
		List<Path> answers = List.of(feeds.resolve("response_1.xml"), feeds.resolve("response_2.xml"),
				feeds.resolve("response_3.xml"));
		AtomicInteger next = new AtomicInteger();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
		server.createContext("/api/events", (exchange) -> {
			Path answer = answers.get(Math.floorMod(next.getAndIncrement(), answers.size()));
			byte[] body = Files.readAllBytes(answer);
			exchange.getResponseHeaders().set("Content-Type", "application/xml");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
			System.out.println("Served " + answer.getFileName());
		});
		server.start();
		System.out.println("Demo provider: http://127.0.0.1:" + port + "/api/events");
	}

}
