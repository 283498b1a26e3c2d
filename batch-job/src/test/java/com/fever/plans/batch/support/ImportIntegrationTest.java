package com.fever.plans.batch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.launch.ImportLauncher;
import com.fever.plans.db.ThrowawayDatabase;

/**
 * Base of the job's integration tests: the real application context against a real
 * PostgreSQL (a {@link ThrowawayDatabase}, migrated by Flyway as in production) and a
 * real HTTP provider on loopback. Every test starts from empty tables.
 */
@SpringBootTest(properties = { "plans.command-line.enabled=false", "plans.import.chunk-size=2",
		"plans.import.progress-interval=0s", "plans.provider.connect-timeout=1s", "plans.provider.read-timeout=1s",
		"plans.provider.deadline=5s", "plans.provider.max-size=1MB", "plans.provider.retry.max-attempts=3",
		"plans.provider.retry.initial-backoff=20ms", "plans.provider.retry.max-backoff=50ms",
		"plans.provider.retry.max-retry-after=2s", "plans.circuit-breaker.enabled=false" })
public abstract class ImportIntegrationTest {

	protected static final FakeProvider provider;

	private static final ThrowawayDatabase DATABASE = ThrowawayDatabase.create("batch");

	private static final Path STAGING;

	static {
		try {
			provider = new FakeProvider();
			STAGING = Files.createTempDirectory("plans-staging");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Autowired
	protected ImportLauncher launcher;

	@Autowired
	protected JdbcTemplate jdbc;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", DATABASE::url);
		registry.add("spring.datasource.username", DATABASE::username);
		registry.add("spring.datasource.password", DATABASE::password);
		registry.add("plans.provider.url", () -> provider.url().toString());
		registry.add("plans.import.staging-dir", STAGING::toString);
	}

	@BeforeEach
	protected void emptyTables() {
		provider.reset();
		this.jdbc.execute("""
				TRUNCATE events, import_rejects, import_staging, BATCH_STEP_EXECUTION_CONTEXT, BATCH_STEP_EXECUTION,
				    BATCH_JOB_EXECUTION_CONTEXT, BATCH_JOB_EXECUTION_PARAMS, BATCH_JOB_EXECUTION, BATCH_JOB_INSTANCE
				""");
		this.jdbc.update("UPDATE data_version SET version = 0, job_execution_id = NULL");
	}

	protected static ThrowawayDatabase database() {
		return DATABASE;
	}

	protected static Path stagingDir() {
		return STAGING;
	}

	/** Serves {@code xml} once and runs one import. */
	protected ImportExitCode importFeed(byte[] xml) {
		provider.enqueue(FakeProvider.Answer.xml(xml));
		return this.launcher.runOnce();
	}

	/** Every column of every event that the import controls, in a stable order. */
	protected List<Map<String, Object>> events() {
		return this.jdbc.queryForList("""
				SELECT id, provider, base_plan_id, plan_id, title, sell_mode, ever_online, starts_at, ends_at,
				       sell_from, sell_to, sold_out, organizer_company_id, min_price, max_price, zones::text AS zones,
				       extra_attributes::text AS extra, encode(content_hash, 'hex') AS content_hash
				FROM events ORDER BY base_plan_id, plan_id
				""");
	}

	/** The physical version of each row: changes only when the row is rewritten. */
	protected Map<String, Object> rowVersions() {
		Map<String, Object> versions = new java.util.TreeMap<>();
		this.jdbc.query("SELECT base_plan_id || '/' || plan_id, xmin::text FROM events",
				(org.springframework.jdbc.core.RowCallbackHandler) (rs) -> versions.put(rs.getString(1),
						rs.getString(2)));
		return versions;
	}

	protected String lastExitDescription() {
		return this.jdbc.queryForObject(
				"SELECT EXIT_MESSAGE FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 1", String.class);
	}

}
