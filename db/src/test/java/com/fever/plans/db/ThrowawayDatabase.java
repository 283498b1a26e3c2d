package com.fever.plans.db;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A database that the tests create for themselves, and the only kind they may empty.
 * <p>
 * The server is the one a user points at ({@code SPRING_DATASOURCE_URL} and its
 * {@code _USERNAME}/{@code _PASSWORD}), else 127.0.0.1:5432, else an embedded PostgreSQL
 * ({@link LocalPostgres}). The database is never the one the URL names: it is
 * {@code plans_test_<purpose>_<checkout>}, dropped and created anew, where
 * {@code <checkout>} is a hash of the checkout's folder so that two clones (or a CI run
 * beside a developer's) testing on one server never drop each other's database. Tests
 * therefore cannot touch a user's data, whatever is exported.
 *
 * @param url the JDBC URL of the fresh, empty database
 * @param username the user to connect as
 * @param password the password, empty for trust authentication
 */
public record ThrowawayDatabase(String url, String username, String password) {

	/** Every throw-away database's name starts with this; no application uses it. */
	public static final String NAME_PREFIX = "plans_test_";

	private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9]{0,19}");

	private static final Pattern POSTGRES_URL = Pattern
		.compile("jdbc:postgresql://(?<server>[^/?]+)/(?<database>[^?]*)(?<query>\\?.*)?");

	/**
	 * Creates (or recreates) the throw-away database for a purpose.
	 * @param purpose a short lower-case word, e.g. {@code batch}
	 * @return the fresh database
	 */
	public static ThrowawayDatabase create(String purpose) {
		return create(purpose, System.getenv(), checkoutFolder());
	}

	/**
	 * Creates (or recreates) the throw-away database for a purpose, reading the
	 * configuration from {@code environment} instead of the process environment.
	 * @param purpose a short lower-case word, e.g. {@code batch}
	 * @param environment the variables to read ({@code SPRING_DATASOURCE_*})
	 * @param checkout the checkout's folder, hashed into the name
	 * @return the fresh database
	 */
	public static synchronized ThrowawayDatabase create(String purpose, Map<String, String> environment,
			Path checkout) {
		if (!PURPOSE.matcher(purpose).matches()) {
			throw new IllegalArgumentException("Not a plain purpose word: " + purpose);
		}
		String name = NAME_PREFIX + purpose + "_" + shortHash(checkout.toAbsolutePath().normalize().toString());
		String configured = environment.get("SPRING_DATASOURCE_URL");
		String username = environment.getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres");
		String password = environment.getOrDefault("SPRING_DATASOURCE_PASSWORD", "");
		String maintenanceUrl;
		String url;
		if (configured != null && !configured.isBlank()) {
			var parts = POSTGRES_URL.matcher(configured.trim());
			if (!parts.matches()) {
				throw new IllegalArgumentException(
						"SPRING_DATASOURCE_URL is not a jdbc:postgresql://host[:port]/database URL: " + configured);
			}
			if (parts.group("database").equals(name)) {
				throw new IllegalStateException("SPRING_DATASOURCE_URL names " + name
						+ ", the tests' own throw-away database; point it at another database");
			}
			String query = (parts.group("query") != null) ? parts.group("query") : "";
			maintenanceUrl = "jdbc:postgresql://" + parts.group("server") + "/postgres" + query;
			url = "jdbc:postgresql://" + parts.group("server") + "/" + name + query;
		}
		else {
			maintenanceUrl = LocalPostgres.serverUrl();
			url = maintenanceUrl.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
			username = "postgres";
			password = "";
		}
		recreate(maintenanceUrl, username, password, name);
		return new ThrowawayDatabase(url, username, password);
	}

	/**
	 * Opens a connection to the database.
	 * @return a new connection
	 * @throws SQLException when the server refuses it
	 */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, this.username, this.password);
	}

	/**
	 * Returns the host and port of the server.
	 * @return the server's address as a URI ({@code postgresql://host:port/database})
	 */
	public URI serverAddress() {
		return URI.create(this.url.substring("jdbc:".length()));
	}

	/**
	 * Drops the database, for tests that create one only to check this class.
	 */
	public void drop() {
		String name = serverAddress().getPath().substring(1);
		String maintenanceUrl = this.url.replaceFirst("/" + name + "(\\?|$)", "/postgres$1");
		try (Connection connection = DriverManager.getConnection(maintenanceUrl, this.username, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not drop the tests' database " + name, ex);
		}
	}

	private static void recreate(String maintenanceUrl, String username, String password, String name) {
		try (Connection connection = DriverManager.getConnection(maintenanceUrl, username, password);
				Statement statement = connection.createStatement()) {
			// The name is built from a checked word and hex digits: DDL takes no bind
			// parameters.
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the tests' database " + name + " at " + maintenanceUrl
					+ " as " + username + " (the user needs CREATEDB)", ex);
		}
	}

	/** The folder holding {@code mvnw}, above the module the tests run in. */
	private static Path checkoutFolder() {
		Path folder = Path.of(System.getProperty("user.dir")).toAbsolutePath();
		for (Path candidate = folder; candidate != null; candidate = candidate.getParent()) {
			if (Files.exists(candidate.resolve("mvnw"))) {
				return candidate;
			}
		}
		return folder;
	}

	private static String shortHash(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
