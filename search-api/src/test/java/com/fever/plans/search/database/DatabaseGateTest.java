package com.fever.plans.search.database;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.ZoneId;

import com.fever.plans.search.config.SearchProperties;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class DatabaseGateTest {

	private final DatabaseGate gate = new DatabaseGate(new SearchProperties(ZoneId.of("UTC"), DataSize.ofMegabytes(1),
			"no-cache", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(200), 64, Duration.ofSeconds(1),
			null, DataSize.ofMegabytes(4), DataSize.ofMegabytes(1)));

	@Test
	void aConnectionFailureClosesTheGateForTheWindow() throws Exception {
		SQLException refused = new SQLException("Connection refused", "08001", new ConnectException("refused"));
		this.gate.recordFailure(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLTransientConnectionException("timed out", "08001", refused)));

		assertThat(this.gate.isDown()).isTrue();
		assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(this.gate::check);
		Thread.sleep(250);
		assertThatNoException().isThrownBy(this.gate::check);
		this.gate.recordSuccess();
		assertThat(this.gate.isDown()).isFalse();
	}

	@Test
	void aBusyPoolDoesNotCloseTheGate() {
		// Hikari's timeout when every connection is in use: no failed connection behind
		// it.
		this.gate.recordFailure(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLTransientConnectionException("search - Connection is not available, request timed out")));

		assertThat(this.gate.isDown()).isFalse();
		assertThatNoException().isThrownBy(this.gate::check);
	}

}
