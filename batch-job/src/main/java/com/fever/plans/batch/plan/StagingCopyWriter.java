package com.fever.plans.batch.plan;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Writes a chunk of base plans into {@code import_staging} with one {@code COPY} (text
 * format), plus the rejected plans into {@code import_rejects}, in the chunk's
 * transaction: the rows, the rejects and the reader's position commit together, so a
 * restart neither loses nor repeats them. Nothing here touches {@code events}: the merge
 * step publishes the whole run at once ({@link StagedPlansMerge}).
 * <p>
 * The items are the futures of an {@code AsyncItemProcessor}: the rows of each base plan
 * go to the server as soon as it is mapped, in feed order, so the mapping thread, this
 * thread and the server's COPY work at the same time instead of one after the other
 * (mapping the whole chunk first left the server idle, then the job waiting at the end of
 * each COPY).
 * <p>
 * A plan whose content hash equals its stored row's ({@link StoredContentHashes}, read at
 * the first chunk of the step execution) is staged without its zones and extra attributes
 * ({@code NULL}, {@code V5}): the merge only refreshes its seen marks, so its JSON, most
 * of a row's bytes, is neither sent, nor parsed by the COPY.
 */
public class StagingCopyWriter implements ItemWriter<Future<ImportedBasePlan>> {

	/** Step context key: plans staged by the committed chunks. */
	public static final String PLANS_STAGED = "plans.staged";

	/** Step context key: plans rejected (also counted as process skips). */
	public static final String PLANS_REJECTED = "plans.rejected";

	static final String COPY = """
			COPY import_staging (job_instance_id, id, provider, base_plan_id, plan_id, title, sell_mode, online,
			    starts_at, ends_at, sell_from, sell_to, sold_out, organizer_company_id, min_price, max_price,
			    zones, extra_attributes, content_hash) FROM STDIN
			""";

	private static final String INSERT_REJECT = """
			INSERT INTO import_rejects (job_instance_id, job_execution_id, provider, base_plan_id, plan_id,
			        reason, fragment)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			""";

	private static final HexFormat HEX = HexFormat.of();

	/** Characters of rows built before they are sent to the server. */
	private static final int SEND_SIZE = 256 * 1024;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final StepExecution stepExecution;

	private final String provider;

	private final long rejectLimit;

	private @Nullable StoredContentHashes stored;

	public StagingCopyWriter(DataSource dataSource, StepExecution stepExecution, String provider, long rejectLimit) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		// The stored hashes stream through a cursor (the chunk's transaction) instead of
		// being buffered whole by the driver: a large provider's would not fit the heap
		// twice.
		this.jdbc.setFetchSize(10_000);
		this.stepExecution = stepExecution;
		this.provider = provider;
		this.rejectLimit = rejectLimit;
	}

	@Override
	public void write(Chunk<? extends Future<ImportedBasePlan>> chunk) throws Exception {
		long instanceId = this.stepExecution.getJobExecution().getJobInstance().getInstanceId();
		if (this.stored == null) {
			this.stored = StoredContentHashes.read(this.jdbc, this.provider);
		}
		List<RejectedPlan> rejects = new ArrayList<>();
		long staged = copy(instanceId, chunk, this.stored, rejects);
		insertRejects(instanceId, rejects);

		ExecutionContext context = this.stepExecution.getExecutionContext();
		add(context, PLANS_STAGED, staged);
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

	/**
	 * COPY on the chunk transaction's own connection (bound by the transaction manager),
	 * sent in pieces as the rows are written, so the server parses while the next rows
	 * are built.
	 */
	private long copy(long instanceId, Chunk<? extends Future<ImportedBasePlan>> chunk, StoredContentHashes stored,
			List<RejectedPlan> rejects) throws Exception {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
			try {
				StringBuilder rows = new StringBuilder(2 * SEND_SIZE);
				long staged = 0;
				for (Future<ImportedBasePlan> mapped : chunk) {
					ImportedBasePlan item = result(mapped);
					for (PlanRow row : item.rows()) {
						appendRow(rows, instanceId, row, !stored.unchanged(row.id(), row.contentHash()));
						staged++;
						if (rows.length() >= SEND_SIZE) {
							send(copy, rows);
						}
					}
					rejects.addAll(item.rejects());
				}
				send(copy, rows);
				copy.endCopy();
				return staged;
			}
			finally {
				if (copy.isActive()) {
					copy.cancelCopy();
				}
			}
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/** The mapped base plan, or the exception its mapping threw. */
	private static ImportedBasePlan result(Future<ImportedBasePlan> mapped) throws Exception {
		try {
			return mapped.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw cause;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	private static void send(CopyIn copy, StringBuilder rows) throws SQLException {
		if (rows.length() > 0) {
			byte[] data = rows.toString().getBytes(StandardCharsets.UTF_8);
			copy.writeToCopy(data, 0, data.length);
			rows.setLength(0);
		}
	}

	/**
	 * One line of COPY's text format: tab-separated, {@code \N} for null.
	 * @param withContent whether the JSON columns are written ({@code NULL} otherwise:
	 * the plan is unchanged)
	 */
	static void appendRow(StringBuilder line, long instanceId, PlanRow row, boolean withContent) {
		line.append(instanceId).append('\t');
		line.append(row.id()).append('\t');
		text(line, row.identity().provider());
		text(line, row.identity().basePlanId());
		text(line, row.identity().planId());
		text(line, row.title());
		text(line, row.sellMode());
		line.append(row.online() ? 't' : 'f').append('\t');
		timestamp(line, row.startsAt());
		timestamp(line, row.endsAt());
		timestamp(line, row.sellFrom());
		timestamp(line, row.sellTo());
		line.append((row.soldOut() == null) ? "\\N" : (row.soldOut() ? "t" : "f")).append('\t');
		text(line, row.organizerCompanyId());
		line.append((row.minPrice() == null) ? "\\N" : row.minPrice().toPlainString()).append('\t');
		line.append((row.maxPrice() == null) ? "\\N" : row.maxPrice().toPlainString()).append('\t');
		text(line, withContent ? row.zonesJson() : null);
		text(line, withContent ? row.extraAttributesJson() : null);
		// bytea's hex input, its backslash escaped for COPY.
		line.append("\\\\x").append(HEX.formatHex(row.contentHash())).append('\n');
	}

	private static void timestamp(StringBuilder line, LocalDateTime value) {
		line.append((value == null) ? "\\N" : value.toString()).append('\t');
	}

	/** A text value, with the characters COPY's text format gives a meaning escaped. */
	private static void text(StringBuilder line, String value) {
		if (value == null) {
			line.append("\\N\t");
			return;
		}
		int length = value.length();
		int plain = 0;
		while (plain < length && !special(value.charAt(plain))) {
			plain++;
		}
		// Most values have nothing to escape: appended in one go.
		line.append(value, 0, plain);
		for (int i = plain; i < length; i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> line.append("\\\\");
				case '\t' -> line.append("\\t");
				case '\n' -> line.append("\\n");
				case '\r' -> line.append("\\r");
				default -> line.append(c);
			}
		}
		line.append('\t');
	}

	private static boolean special(char c) {
		return c == '\\' || c == '\t' || c == '\n' || c == '\r';
	}

	private void insertRejects(long instanceId, List<RejectedPlan> rejects) {
		if (rejects.isEmpty()) {
			return;
		}
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
