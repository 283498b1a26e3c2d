package com.fever.plans.batch.launch;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes an import fail in the middle, as a lost database connection does: a trigger has
 * the server terminate the job's own backend when a given base plan is staged (COPY into
 * {@code import_staging} fires row triggers too). The chunks before it have committed by
 * then, and {@code events} is untouched: only the merge writes there.
 */
public final class CutConnection {

	private CutConnection() {
	}

	public static void at(JdbcTemplate jdbc, int basePlanId) {
		jdbc.execute(
				"""
						CREATE OR REPLACE FUNCTION cut_connection() RETURNS trigger LANGUAGE plpgsql AS $$
						BEGIN
						    IF NEW.base_plan_id = '%d' THEN
						        PERFORM pg_terminate_backend(pg_backend_pid());
						    END IF;
						    RETURN NEW;
						END $$;
						DROP TRIGGER IF EXISTS cut_connection ON import_staging;
						CREATE TRIGGER cut_connection BEFORE INSERT ON import_staging FOR EACH ROW EXECUTE FUNCTION cut_connection();
						"""
					.formatted(basePlanId));
	}

	public static void remove(JdbcTemplate jdbc) {
		jdbc.execute("DROP TRIGGER IF EXISTS cut_connection ON import_staging");
	}

}
