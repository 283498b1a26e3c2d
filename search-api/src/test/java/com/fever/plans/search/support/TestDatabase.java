package com.fever.plans.search.support;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import com.fever.plans.db.LocalPostgres;
import org.flywaydb.core.Flyway;

/**
 * The real PostgreSQL database of the tests, created fresh once per JVM and migrated with
 * the db module's Flyway scripts (the application itself never migrates).
 */
public final class TestDatabase {

	public static final String URL;

	static {
		URL = LocalPostgres.freshDatabase("plans_search_test");
		Flyway.configure().dataSource(URL, "postgres", "").load().migrate();
	}

	private TestDatabase() {
	}

	public static Connection connect() throws SQLException {
		return DriverManager.getConnection(URL, "postgres", "");
	}

	/**
	 * Returns the host and port of the server, for the TCP proxy in front of it.
	 * @return the server's address
	 */
	public static URI serverAddress() {
		return URI.create(URL.substring("jdbc:".length()));
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
