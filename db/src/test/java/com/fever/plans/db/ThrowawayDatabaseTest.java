package com.fever.plans.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A user's database named by {@code SPRING_DATASOURCE_URL} keeps its rows whatever the
 * tests do: they only ever drop and create databases of their own on that server.
 */
class ThrowawayDatabaseTest {

	private static final String USER_DATABASE = "plans_user_keeps_rows";

	private static String userUrl;

	@TempDir
	Path checkout;

	private final List<ThrowawayDatabase> created = new ArrayList<>();

	@BeforeAll
	static void aUserDatabaseWithRows() throws SQLException {
		String server = LocalPostgres.serverUrl();
		try (Connection connection = DriverManager.getConnection(server, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + USER_DATABASE + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + USER_DATABASE);
		}
		userUrl = server.replaceFirst("/postgres(\\?|$)", "/" + USER_DATABASE + "$1");
		try (Connection connection = DriverManager.getConnection(userUrl, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE events (id int PRIMARY KEY)");
			statement.execute("INSERT INTO events SELECT generate_series(1, 4)");
		}
	}

	@Test
	void testsWorkBesideTheConfiguredDatabaseNeverInIt() throws SQLException {
		Map<String, String> exported = Map.of("SPRING_DATASOURCE_URL", userUrl);

		ThrowawayDatabase first = ThrowawayDatabase.create("guard", exported, this.checkout);
		ThrowawayDatabase again = track(ThrowawayDatabase.create("guard", exported, this.checkout));

		assertThat(databaseOf(again.url())).startsWith(ThrowawayDatabase.NAME_PREFIX).isNotEqualTo(USER_DATABASE);
		assertThat(again.url()).isEqualTo(first.url());
		assertThat(rowsOfUserTable()).isEqualTo(4);
		try (Connection connection = again.connect();
				Statement statement = connection.createStatement();
				ResultSet tables = statement
					.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
			tables.next();
			assertThat(tables.getInt(1)).as("a fresh, empty database").isZero();
		}
	}

	@Test
	void aConfiguredUrlNamingTheTestsOwnDatabaseIsRefused() throws SQLException {
		ThrowawayDatabase own = track(ThrowawayDatabase.create("guard", Map.of(), this.checkout));
		try (Connection connection = own.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE kept (id int)");
		}

		assertThatIllegalStateException()
			.isThrownBy(
					() -> ThrowawayDatabase.create("guard", Map.of("SPRING_DATASOURCE_URL", own.url()), this.checkout))
			.withMessageContaining("throw-away");
		try (Connection connection = own.connect();
				Statement statement = connection.createStatement();
				ResultSet tables = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'kept'")) {
			tables.next();
			assertThat(tables.getInt(1)).as("nothing was dropped").isOne();
		}
	}

	@Test
	void twoCheckoutsOnOneServerGetTwoDatabases(@TempDir Path other) {
		assertThat(track(ThrowawayDatabase.create("guard", Map.of(), this.checkout)).url())
			.isNotEqualTo(track(ThrowawayDatabase.create("guard", Map.of(), other)).url());
	}

	@Test
	void aUrlThatIsNotPostgresIsAClearError() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ThrowawayDatabase.create("guard", Map.of("SPRING_DATASOURCE_URL", "jdbc:h2:mem:x"),
					this.checkout))
			.withMessageContaining("jdbc:postgresql://");
	}

	@AfterEach
	void dropCreatedDatabases() {
		this.created.forEach(ThrowawayDatabase::drop);
	}

	@AfterAll
	static void dropUserDatabase() throws SQLException {
		try (Connection connection = DriverManager.getConnection(LocalPostgres.serverUrl(), "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + USER_DATABASE + " WITH (FORCE)");
		}
	}

	private ThrowawayDatabase track(ThrowawayDatabase database) {
		this.created.add(database);
		return database;
	}

	private static String databaseOf(String url) {
		return url.replaceFirst("^jdbc:postgresql://[^/]+/([^?]*).*$", "$1");
	}

	private static int rowsOfUserTable() throws SQLException {
		try (Connection connection = DriverManager.getConnection(userUrl, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
			rows.next();
			return rows.getInt(1);
		}
	}

}
