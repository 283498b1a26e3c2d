package com.fever.plans.batch.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;

import com.fever.plans.batch.support.Awaits;
import com.fever.plans.batch.support.ChildJob;
import com.fever.plans.batch.support.FakeProvider;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL itself crashes in the middle of an import (an immediate shutdown: no
 * checkpoint, crash recovery at the next start, which empties the unlogged
 * {@code import_staging}), then {@code --restart} ends with a table identical to a clean
 * run's. The test starts its own embedded PostgreSQL (io.zonky) so it can crash it; the
 * job runs in child JVMs.
 */
class PostgresCrashTest {

	private static final byte[] FEED = Feeds.generated(40, 3, 0);

	private static final long LOCK = 4_242_003L;

	@TempDir
	Path dataDirectory;

	@TempDir
	Path staging;

	private EmbeddedPostgres postgres;

	private FakeProvider provider;

	@BeforeEach
	void start() throws IOException {
		this.postgres = durableServer(0);
		this.provider = new FakeProvider();
	}

	@AfterEach
	void stop() throws IOException {
		this.provider.close();
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	void aRunCutByAPostgresCrashIsRestartedAndEndsLikeACleanRun() throws Exception {
		execute("postgres", "CREATE DATABASE clean", "CREATE DATABASE crashed");
		this.provider.enqueue(Answer.xml(FEED));
		try (ChildJob clean = child("clean")) {
			assertThat(clean.waitFor()).as(clean.output()).isZero();
		}
		List<String> expected = events("clean");
		assertThat(expected).hasSize(40);

		// The crashed run: its load waits at base plan 25 (twelve chunks of 2
		// committed)...
		Flyway.configure()
			.dataSource(this.postgres.getJdbcUrl("postgres", "crashed"), "postgres", "")
			.locations("classpath:db/migration")
			.load()
			.migrate();
		execute("crashed", """
				CREATE FUNCTION pause_import() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    IF NEW.base_plan_id = '25' THEN
				        PERFORM pg_advisory_xact_lock_shared(%d);
				    END IF;
				    RETURN NEW;
				END $$""".formatted(LOCK), "CREATE TRIGGER pause_import BEFORE INSERT ON import_staging FOR EACH ROW "
				+ "EXECUTE FUNCTION pause_import()");
		this.provider.enqueue(Answer.xml(FEED));
		int port = this.postgres.getPort();
		Connection holder = connect("crashed");
		try (ChildJob crashed = child("crashed")) {
			execute(holder, "SELECT pg_advisory_lock(" + LOCK + ")");
			Awaits.until("the load to wait at base plan 25",
					() -> count("crashed",
							"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") > 0,
					() -> crashed.isAlive() ? null : "the child ended early:\n" + crashed.output());
			// ...when PostgreSQL stops the hard way (what pg_ctl stop -m immediate does).
			crashImmediately();
			// The job cannot record anything with its database gone: it ends as a killed
			// process would.
			crashed.kill9();
		}
		holder.close();
		restartPostgres(port);
		assertThat(count("crashed", "SELECT count(*) FROM import_staging"))
			.as("crash recovery emptied the unlogged staging table")
			.isZero();
		assertThat(count("crashed", "SELECT count(*) FROM events")).as("readers saw nothing of the run").isZero();
		execute("crashed", "DROP TRIGGER pause_import ON import_staging");

		// The restart must not fetch: it reloads the staged feed from the start.
		this.provider.reset();
		this.provider.always(Answer.status(500, "must not be called"));
		try (ChildJob restart = child("crashed", "--restart")) {
			assertThat(restart.waitFor()).as(restart.output()).isZero();
			assertThat(restart.output()).contains("crash recovery empties the unlogged staging table");
		}
		assertThat(this.provider.requests()).isZero();
		assertThat(events("crashed")).isEqualTo(expected);
		assertThat(count("crashed", "SELECT count(*) FROM import_staging")).isZero();
	}

	/**
	 * A server that keeps what it committed through a crash, as a production server does:
	 * the embedded server's default {@code synchronous_commit=off} may lose the last
	 * chunks' commits (and with them the run's recorded position) on an immediate stop,
	 * which would make this test a coin toss.
	 */
	private EmbeddedPostgres durableServer(int port) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("fsync", "on")
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false);
		if (port > 0) {
			builder.setPort(port);
		}
		return builder.start();
	}

	private ChildJob child(String database, String... arguments) {
		return ChildJob.start(this.postgres.getJdbcUrl("postgres", database), "postgres", "",
				this.provider.url().toString(), this.staging, arguments);
	}

	/**
	 * SIGQUIT to the postmaster: PostgreSQL's immediate shutdown, recovered as a crash.
	 */
	private void crashImmediately() throws Exception {
		long pid = Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).strip());
		Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
		Awaits.until("the postmaster to exit", () -> ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true), null);
	}

	private void restartPostgres(int port) throws IOException {
		try {
			// Releases the embedded server's lock file; its stop fails harmlessly.
			this.postgres.close();
		}
		catch (IOException | RuntimeException ex) {
			// already down
		}
		this.postgres = durableServer(port);
	}

	private List<String> events(String database) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = connect(database);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("""
						SELECT concat_ws('|', id, provider, base_plan_id, plan_id, title, sell_mode, ever_online,
						       starts_at, ends_at, sell_from, sell_to, sold_out, organizer_company_id, min_price,
						       max_price, zones::text, extra_attributes::text, encode(content_hash, 'hex'))
						FROM events ORDER BY base_plan_id, plan_id
						""")) {
			while (result.next()) {
				rows.add(result.getString(1));
			}
		}
		return rows;
	}

	private long count(String database, String sql) {
		try (Connection connection = connect(database);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			return -1;
		}
	}

	private void execute(String database, String... sql) throws SQLException {
		try (Connection connection = connect(database)) {
			for (String statement : sql) {
				execute(connection, statement);
			}
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(this.postgres.getJdbcUrl("postgres", database), "postgres", "");
	}

}
