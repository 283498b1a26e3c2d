package com.fever.plans.batch.plan;

import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Publishes a staged run into {@code events}: one {@code INSERT ... ON CONFLICT ... DO
 * UPDATE} from {@code import_staging}, run inside the caller's transaction (the merge
 * step's, which also bumps {@code data_version} and sends the NOTIFY), so readers see the
 * whole run or none of it.
 * <p>
 * A row is only rewritten when its content hash differs, or when its {@code last_seen_at}
 * is older than the seen-refresh interval: an unchanged plan is not rewritten on every
 * import, which keeps re-imports cheap and the search index's pages all-visible. Two
 * steps do it: an {@code UPDATE} of the seen marks of unchanged plans that are due, and
 * the {@code INSERT ... ON CONFLICT} of the new and changed ones only, from a temporary
 * table that collects them with their JSON cast to {@code jsonb} by parallel workers. The
 * staged JSON is text ({@code V4}) and only that cast parses it; an unchanged plan is
 * staged without it ({@code V5}, {@link StagingCopyWriter}), so its zones are neither
 * sent nor parsed. Such a content-less row is only valid while {@code events} still holds
 * the hash it was compared with: {@link #stale} finds the ones that no longer match, and
 * the job then loads the run again. {@code ever_online} is OR-ed, so once online it stays
 * true. When a feed lists the same plan twice, the later one wins (highest {@code seq};
 * the id is the identity's name-based UUID, so grouping by it groups by identity).
 */
public class StagedPlansMerge {

	/**
	 * Transaction-local settings of the merge: the seen-refresh interval, the run (the
	 * {@code CREATE TABLE AS} below takes no bind parameters), and parallel query for
	 * that statement. The planner does not count the {@code jsonb} parse of the casts (a
	 * function cost of 1), so it would run a 100k-row cast serially, while the job's
	 * process is idle waiting for the merge: with the costs at zero two workers share it
	 * (100k x 20 zones: 3.5-4.0 s serial, 1.6 s + 1.1-1.3 s for the parallel cast and the
	 * insert from it, three runs each alternated). INSERT and UPDATE never run in
	 * parallel, so only that statement is affected.
	 */
	private static final String SET_MERGE_SETTINGS = """
			SELECT set_config('plans.seen_refresh', ?, true), set_config('plans.merge_instance', ?, true),
			       set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true),
			       set_config('min_parallel_table_scan_size', '0', true)
			""";

	private static final String DUPLICATES = """
			SELECT count(*) - count(DISTINCT id) FROM import_staging WHERE job_instance_id = ?
			""";

	/**
	 * The new and changed plans, their JSON cast to {@code jsonb} (in parallel: see
	 * {@link #SET_MERGE_SETTINGS}). Unchanged plans are REFRESH_SEEN's: only new and
	 * changed rows get here, so the update of the insert below always rewrites content
	 * (its WHERE only guards the contract).
	 */
	private static final String CHANGED_ROWS = """
			CREATE TEMP TABLE merge_rows ON COMMIT DROP AS
			SELECT s.id, s.provider, s.base_plan_id, s.plan_id, s.title, s.sell_mode, s.online, s.starts_at, s.ends_at,
			       s.sell_from, s.sell_to, s.sold_out, s.organizer_company_id, s.min_price, s.max_price,
			       s.zones::jsonb AS zones, s.extra_attributes::jsonb AS extra_attributes, s.content_hash
			FROM import_staging s
			WHERE s.job_instance_id = current_setting('plans.merge_instance')::bigint %s
			  AND NOT EXISTS (SELECT 1 FROM events c
			                  WHERE c.provider = s.provider AND c.base_plan_id = s.base_plan_id
			                    AND c.plan_id = s.plan_id AND c.content_hash = s.content_hash)
			""";

	private static final String MERGE = """
			INSERT INTO events AS e (id, provider, base_plan_id, plan_id, title, sell_mode, ever_online,
			        starts_at, ends_at, sell_from, sell_to, sold_out, organizer_company_id, min_price, max_price,
			        zones, extra_attributes, content_hash, first_seen_at, last_seen_at, last_changed_at,
			        last_job_execution_id)
			SELECT id, provider, base_plan_id, plan_id, title, sell_mode, online, starts_at, ends_at, sell_from, sell_to,
			       sold_out, organizer_company_id, min_price, max_price, zones, extra_attributes, content_hash,
			       now(), now(), now(), ?
			FROM merge_rows
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
			    last_changed_at = EXCLUDED.last_changed_at,
			    last_job_execution_id = EXCLUDED.last_job_execution_id
			WHERE e.content_hash <> EXCLUDED.content_hash
			""";

	/**
	 * Unchanged plans (same content hash) whose seen marks are due: no column of their
	 * content is touched, so their JSON is not parsed.
	 */
	private static final String REFRESH_SEEN = """
			UPDATE events e
			SET ever_online = e.ever_online OR s.online,
			    last_seen_at = now(),
			    last_job_execution_id = ?
			FROM import_staging s
			WHERE s.job_instance_id = ? %s
			  AND e.provider = s.provider AND e.base_plan_id = s.base_plan_id AND e.plan_id = s.plan_id
			  AND e.content_hash = s.content_hash
			  AND e.last_seen_at < now() - current_setting('plans.seen_refresh')::interval
			""";

	private static final String STALE = """
			SELECT count(*) FROM import_staging s
			WHERE s.job_instance_id = ? AND s.zones IS NULL
			  AND NOT EXISTS (SELECT 1 FROM events c WHERE c.id = s.id AND c.content_hash = s.content_hash)
			""";

	/** Only the last of each identity, when the feed repeats one. */
	private static final String LATEST_ONLY = """
			AND s.seq IN (SELECT max(seq) FROM import_staging
			              WHERE job_instance_id = current_setting('plans.merge_instance')::bigint GROUP BY id)""";

	private final JdbcTemplate jdbc;

	private final Duration seenRefresh;

	public StagedPlansMerge(JdbcTemplate jdbc, Duration seenRefresh) {
		this.jdbc = jdbc;
		this.seenRefresh = seenRefresh;
	}

	/**
	 * Merges the run's staged rows into {@code events}; must run in a transaction.
	 * @param jobInstanceId the run whose rows were staged
	 * @param jobExecutionId the execution that merges, recorded on every row it writes
	 * @return the rows inserted or rewritten
	 */
	public int merge(long jobInstanceId, long jobExecutionId) {
		// Transaction-local: applies to this merge only.
		this.jdbc.queryForList(SET_MERGE_SETTINGS, this.seenRefresh.toSeconds() + " seconds",
				Long.toString(jobInstanceId));
		// A repeated identity cannot be merged by one INSERT ... ON CONFLICT (a row
		// cannot be updated twice by one statement); feeds rarely repeat one, so the
		// filter is only paid for when needed.
		long duplicates = this.jdbc.queryForObject(DUPLICATES, Long.class, jobInstanceId);
		String latestOnly = (duplicates == 0) ? "" : LATEST_ONLY;
		int refreshed = this.jdbc.update(REFRESH_SEEN.formatted(latestOnly), jobExecutionId, jobInstanceId);
		this.jdbc.execute(CHANGED_ROWS.formatted(latestOnly));
		return refreshed + this.jdbc.update(MERGE, jobExecutionId);
	}

	/**
	 * Removes a run's staged rows (in the caller's transaction).
	 * @param jobInstanceId the run
	 * @return the rows removed
	 */
	public int clear(long jobInstanceId) {
		return this.jdbc.update("DELETE FROM import_staging WHERE job_instance_id = ?", jobInstanceId);
	}

	/**
	 * Counts the run's rows staged without content (unchanged when the load compared
	 * them) whose stored row no longer has their hash: another run of the provider merged
	 * in between, so this run cannot be merged from its staged rows.
	 * @param jobInstanceId the run
	 * @return how many staged rows are stale
	 */
	public long stale(long jobInstanceId) {
		return this.jdbc.queryForObject(STALE, Long.class, jobInstanceId);
	}

	/**
	 * Counts a run's staged rows.
	 * @param jobInstanceId the run
	 * @return how many rows are staged
	 */
	public long staged(long jobInstanceId) {
		return this.jdbc.queryForObject("SELECT count(*) FROM import_staging WHERE job_instance_id = ?", Long.class,
				jobInstanceId);
	}

}
