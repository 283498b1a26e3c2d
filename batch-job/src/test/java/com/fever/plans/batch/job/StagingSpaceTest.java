package com.fever.plans.batch.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.plan.StagingSpace;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A completed run gives back the space of the rows it staged: the table is truncated when
 * no other run's rows are kept there, and only vacuumed when another run's rows are
 * staged (kept for its restart) or another load holds the table (never waited for).
 */
class StagingSpaceTest extends ImportIntegrationTest {

	private static final String STAGE_ROW = """
			INSERT INTO import_staging (job_instance_id, id, provider, base_plan_id, plan_id, title, sell_mode,
			        online, starts_at, ends_at, zones, extra_attributes, content_hash)
			VALUES (%d, gen_random_uuid(), 'other', 'kept', 'kept', 'Kept', 'online', true,
			        '2021-01-01T20:00', '2021-01-01T22:00', '[]', '{}', '\\x00')
			""";

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Test
	void aCompletedRunLeavesAnEmptyStagingFile() {
		assertThat(importFeed(Feeds.generated(50, 3, 0))).isEqualTo(ImportExitCode.COMPLETED);
		assertThat(importFeed(Feeds.generated(50, 3, 1))).isEqualTo(ImportExitCode.COMPLETED);

		assertThat(stagingFileSize()).isZero();
	}

	@Test
	void anotherRunsStagedRowsAreKeptAndOnlyVacuumed() {
		stageRowOf(999_999);

		assertThat(stagingSpace().reclaim()).isFalse();

		assertThat(this.jdbc.queryForList("SELECT job_instance_id FROM import_staging", Long.class))
			.containsExactly(999_999L);
	}

	@Test
	void aLoadInProgressIsNotWaitedFor() throws Exception {
		try (Connection load = DriverManager.getConnection(database().url(), database().username(),
				database().password())) {
			// Another provider's chunk, not committed yet: it holds the table.
			load.setAutoCommit(false);
			try (Statement statement = load.createStatement()) {
				statement.executeUpdate(STAGE_ROW.formatted(888_888));
			}

			assertThat(stagingSpace().reclaim()).isFalse();

			load.commit();
		}
		assertThat(this.jdbc.queryForList("SELECT job_instance_id FROM import_staging", Long.class))
			.containsExactly(888_888L);
	}

	private StagingSpace stagingSpace() {
		return new StagingSpace(this.jdbc, new TransactionTemplate(this.transactionManager));
	}

	private void stageRowOf(long jobInstanceId) {
		this.jdbc.update(STAGE_ROW.formatted(jobInstanceId));
	}

	private long stagingFileSize() {
		return this.jdbc.queryForObject("SELECT pg_relation_size('import_staging')", Long.class);
	}

}
