package com.fever.plans.batch.plan;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a chunk of base plans: one {@code INSERT ... ON CONFLICT ... DO UPDATE} per
 * plan, sent as a JDBC batch, plus the rejected plans, all in the chunk's transaction (so
 * a restart neither loses nor repeats them).
 * <p>
 * The update only happens when the content hash differs, or when the row's
 * {@code last_seen_at} is older than the seen-refresh interval: an unchanged plan is not
 * rewritten on every import, which keeps re-imports cheap and the search index's pages
 * all-visible. {@code ever_online} is OR-ed, so once online it stays true.
 */
public class PlanUpsertWriter implements ItemWriter<ImportedBasePlan> {

	/** Step context key: plans sent to the upsert. */
	public static final String PLANS_UPSERTED = "plans.upserted";

	/** Step context key: plans rejected (also counted as process skips). */
	public static final String PLANS_REJECTED = "plans.rejected";

	private static final String UPSERT = """
			INSERT INTO events AS e (id, provider, base_plan_id, plan_id, title, sell_mode, ever_online,
			        starts_at, ends_at, sell_from, sell_to, sold_out, organizer_company_id, min_price, max_price,
			        zones, extra_attributes, content_hash, first_seen_at, last_seen_at, last_changed_at,
			        last_job_execution_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)
			ON CONFLICT (provider, base_plan_id, plan_id) DO UPDATE SET
			    title = EXCLUDED.title,
			    sell_mode = EXCLUDED.sell_mode,
			    ever_online = e.ever_online OR EXCLUDED.ever_online,
			    starts_at = EXCLUDED.starts_at,
			    ends_at = EXCLUDED.ends_at,
			    sell_from = EXCLUDED.sell_from,
			    sell_to = EXCLUDED.sell_to,
			    sold_out = EXCLUDED.sold_out,
			    organizer_company_id = EXCLUDED.organizer_company_id,
			    min_price = EXCLUDED.min_price,
			    max_price = EXCLUDED.max_price,
			    zones = EXCLUDED.zones,
			    extra_attributes = EXCLUDED.extra_attributes,
			    content_hash = EXCLUDED.content_hash,
			    last_seen_at = EXCLUDED.last_seen_at,
			    last_changed_at = CASE WHEN e.content_hash = EXCLUDED.content_hash
			                           THEN e.last_changed_at ELSE EXCLUDED.last_changed_at END,
			    last_job_execution_id = EXCLUDED.last_job_execution_id
			WHERE e.content_hash <> EXCLUDED.content_hash
			   OR e.last_seen_at < EXCLUDED.last_seen_at - current_setting('plans.seen_refresh')::interval
			""";

	private static final String SET_SEEN_REFRESH = "SELECT set_config('plans.seen_refresh', ?, true)";

	private static final String INSERT_REJECT = """
			INSERT INTO import_rejects (job_instance_id, job_execution_id, provider, base_plan_id, plan_id,
			        reason, fragment)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			""";

	private final JdbcTemplate jdbc;

	private final StepExecution stepExecution;

	private final String provider;

	private final Duration seenRefresh;

	private final long rejectLimit;

	private final Clock clock;

	public PlanUpsertWriter(JdbcTemplate jdbc, StepExecution stepExecution, String provider, Duration seenRefresh,
			long rejectLimit, Clock clock) {
		this.jdbc = jdbc;
		this.stepExecution = stepExecution;
		this.provider = provider;
		this.seenRefresh = seenRefresh;
		this.rejectLimit = rejectLimit;
		this.clock = clock;
	}

	@Override
	public void write(Chunk<? extends ImportedBasePlan> chunk) {
		// The same identity twice in a feed: the later one wins, as it would across two
		// imports.
		Map<PlanIdentity, PlanRow> rows = new LinkedHashMap<>();
		List<RejectedPlan> rejects = new ArrayList<>();
		for (ImportedBasePlan item : chunk) {
			item.rows().forEach((row) -> rows.put(row.identity(), row));
			rejects.addAll(item.rejects());
		}
		upsert(rows.values());
		insertRejects(rejects);

		ExecutionContext context = this.stepExecution.getExecutionContext();
		add(context, PLANS_UPSERTED, rows.size());
		if (!rejects.isEmpty()) {
			add(context, PLANS_REJECTED, rejects.size());
			// Rejected plans are the import's skips: they show in BATCH_STEP_EXECUTION
			// like any skip.
			this.stepExecution.setProcessSkipCount(this.stepExecution.getProcessSkipCount() + rejects.size());
			long rejected = context.getLong(PLANS_REJECTED);
			if (rejected > this.rejectLimit) {
				throw new RejectLimitExceededException(rejected, this.rejectLimit);
			}
		}
	}

	private void upsert(Collection<PlanRow> rows) {
		if (rows.isEmpty()) {
			return;
		}
		// Transaction-local: it applies to this chunk's statements only.
		this.jdbc.queryForObject(SET_SEEN_REFRESH, String.class, this.seenRefresh.toSeconds() + " seconds");
		OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
		long executionId = this.stepExecution.getJobExecutionId();
		this.jdbc.batchUpdate(UPSERT, rows, rows.size(), (statement, row) -> bind(statement, row, now, executionId));
	}

	private void bind(PreparedStatement statement, PlanRow row, OffsetDateTime now, long executionId)
			throws SQLException {
		statement.setObject(1, row.id());
		statement.setString(2, row.identity().provider());
		statement.setString(3, row.identity().basePlanId());
		statement.setString(4, row.identity().planId());
		statement.setString(5, row.title());
		statement.setString(6, row.sellMode());
		statement.setBoolean(7, row.online());
		statement.setObject(8, row.startsAt());
		statement.setObject(9, row.endsAt());
		setLocalDateTime(statement, 10, row.sellFrom());
		setLocalDateTime(statement, 11, row.sellTo());
		statement.setObject(12, row.soldOut(), Types.BOOLEAN);
		statement.setString(13, row.organizerCompanyId());
		statement.setBigDecimal(14, row.minPrice());
		statement.setBigDecimal(15, row.maxPrice());
		statement.setString(16, row.zonesJson());
		statement.setString(17, row.extraAttributesJson());
		statement.setBytes(18, row.contentHash());
		statement.setObject(19, now);
		statement.setObject(20, now);
		statement.setObject(21, now);
		statement.setLong(22, executionId);
	}

	private static void setLocalDateTime(PreparedStatement statement, int index, LocalDateTime value)
			throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.TIMESTAMP);
		}
		else {
			statement.setObject(index, value);
		}
	}

	private void insertRejects(List<RejectedPlan> rejects) {
		if (rejects.isEmpty()) {
			return;
		}
		long instanceId = this.stepExecution.getJobExecution().getJobInstance().getInstanceId();
		long executionId = this.stepExecution.getJobExecutionId();
		this.jdbc.batchUpdate(INSERT_REJECT, rejects, rejects.size(), (statement, reject) -> {
			statement.setLong(1, instanceId);
			statement.setLong(2, executionId);
			statement.setString(3, this.provider);
			statement.setString(4, reject.basePlanId());
			statement.setString(5, reject.planId());
			statement.setString(6, reject.reason());
			statement.setString(7, reject.fragment());
		});
	}

	private static void add(ExecutionContext context, String key, long delta) {
		context.putLong(key, context.getLong(key, 0L) + delta);
	}

}
