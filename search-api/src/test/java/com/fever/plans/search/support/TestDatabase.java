package com.fever.plans.search.support;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;

import com.fever.plans.db.ThrowawayDatabase;
import org.flywaydb.core.Flyway;

/**
 * The real PostgreSQL database of the tests, a {@link ThrowawayDatabase} created once per
 * JVM and migrated with the db module's Flyway scripts (the application itself never
 * migrates).
 */
public final class TestDatabase {

	public static final ThrowawayDatabase DATABASE;

	static {
		DATABASE = ThrowawayDatabase.create("search");
		Flyway.configure().dataSource(DATABASE.url(), DATABASE.username(), DATABASE.password()).load().migrate();
	}

	private TestDatabase() {
	}

	public static Connection connect() throws SQLException {
		return DATABASE.connect();
	}

	/**
	 * Returns the host and port of the server, for the TCP proxy in front of it.
	 * @return the server's address
	 */
	public static URI serverAddress() {
		return DATABASE.serverAddress();
	}

	/**
	 * Returns the URL of the same database reached through another port on loopback.
	 * @param port the port, e.g. of a {@link TcpProxy}
	 * @return the JDBC URL
	 */
	public static String urlThroughPort(int port) {
		URI address = serverAddress();
		return "jdbc:postgresql://127.0.0.1:" + port + address.getRawPath()
				+ ((address.getRawQuery() != null) ? "?" + address.getRawQuery() : "");
	}

}
