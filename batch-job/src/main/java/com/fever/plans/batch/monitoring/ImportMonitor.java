package com.fever.plans.batch.monitoring;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The import's state as gauges, for what Spring Batch's own timers cannot say: when the
 * last successful import ended (alert "no successful import in N minutes", which must
 * hold across processes: a one-shot run's counters start at zero), whether the last run
 * failed, its items and rejects, and the provider circuit.
 * <p>
 * Read from the batch tables at start-up, so a fresh process (a one-shot run, a restarted
 * pod) reports the history; then updated from each run this process makes, in memory, so
 * the push at shutdown needs no database. The circuit is re-read at each scrape (a launch
 * refused by the open circuit runs no job); if the database is unreachable then, the last
 * known state stays.
 */
public class ImportMonitor implements MeterBinder, JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ImportMonitor.class);

	private static final String LAST_RUN = """
			SELECT e.JOB_EXECUTION_ID, e.STATUS, e.EXIT_CODE, e.START_TIME, e.END_TIME,
			       COALESCE(sum(s.READ_COUNT), 0), COALESCE(sum(s.WRITE_COUNT), 0),
			       COALESCE(sum(s.READ_SKIP_COUNT + s.PROCESS_SKIP_COUNT + s.WRITE_SKIP_COUNT), 0)
			FROM BATCH_JOB_EXECUTION e
			JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			LEFT JOIN BATCH_STEP_EXECUTION s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
			WHERE i.JOB_NAME = ?
			GROUP BY e.JOB_EXECUTION_ID
			ORDER BY e.JOB_EXECUTION_ID DESC
			LIMIT 1
			""";

	private static final String LAST_SUCCESS = """
			SELECT max(e.END_TIME)
			FROM BATCH_JOB_EXECUTION e
			JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			WHERE i.JOB_NAME = ? AND e.STATUS = 'COMPLETED'
			""";

	private final JdbcTemplate jdbc;

	private final String jobName;

	private final Supplier<LocalDateTime> circuitOpenUntil;

	private final Clock clock;

	private volatile LastImport last = LastImport.NONE;

	public ImportMonitor(JdbcTemplate jdbc, String jobName, Supplier<LocalDateTime> circuitOpenUntil, Clock clock) {
		this.jdbc = jdbc;
		this.jobName = jobName;
		this.circuitOpenUntil = circuitOpenUntil;
		this.clock = clock;
	}

	/**
	 * The import's state as last known.
	 * @return the state
	 */
	public LastImport last() {
		return this.last;
	}

	/**
	 * Reads the state from the batch tables.
	 * @return the state
	 */
	public LastImport refresh() {
		List<LastImport> runs = this.jdbc.query(LAST_RUN,
				(rs, row) -> new LastImport(rs.getLong(1), rs.getString(2), rs.getString(3),
						instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), rs.getLong(6), rs.getLong(7),
						rs.getLong(8), null, null),
				this.jobName);
		LastImport run = runs.isEmpty() ? LastImport.NONE : runs.get(0);
		Instant lastSuccess = instant(this.jdbc.queryForObject(LAST_SUCCESS, Timestamp.class, this.jobName));
		this.last = new LastImport(run.executionId(), run.status(), run.exitCode(), run.started(), run.ended(),
				run.read(), run.written(), run.rejected(), lastSuccess, circuitOpenUntil());
		return this.last;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot read the import history for monitoring: {}", ex.getMessage());
		}
		gauge(registry, "plans.import.last.success.timestamp", "seconds",
				"When the last completed import ended (Unix time); 0 before the first",
				(last) -> epochSeconds(last.lastSuccess()));
		gauge(registry, "plans.import.last.run.end.timestamp", "seconds",
				"When the last import run ended (Unix time); 0 before the first or while it runs",
				(last) -> epochSeconds(last.ended()));
		gauge(registry, "plans.import.last.run.failed", null,
				"1 when the last import run ended without completing (failed, stopped), else 0",
				(last) -> last.failed() ? 1 : 0);
		gauge(registry, "plans.import.last.run.duration", "seconds", "How long the last import run took",
				(last) -> (last.started() != null && last.ended() != null)
						? (last.ended().toEpochMilli() - last.started().toEpochMilli()) / 1000.0 : 0);
		gauge(registry, "plans.import.last.run.items.read", null, "Items (base plans) the last import run read",
				LastImport::read);
		gauge(registry, "plans.import.last.run.items.written", null, "Items the last import run wrote",
				LastImport::written);
		gauge(registry, "plans.import.last.run.items.rejected", null,
				"Items the last import run rejected (Spring Batch skips; reasons in import_rejects)",
				LastImport::rejected);
		Gauge.builder("plans.import.circuit.open", this, ImportMonitor::circuitOpen)
			.description("1 while the provider circuit breaker is open (launches skip the provider), else 0")
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String unit, String description,
			ToDoubleFunction<LastImport> value) {
		Gauge.builder(name, this, (monitor) -> value.applyAsDouble(monitor.last))
			.baseUnit(unit)
			.description(description)
			.register(registry);
	}

	private double circuitOpen() {
		try {
			this.last = this.last.withCircuitOpenUntil(circuitOpenUntil());
		}
		catch (RuntimeException ex) {
			// The database is away (or already closed at shutdown): the last known state.
			logger.debug("Circuit state not refreshed: {}", ex.getMessage());
		}
		return (this.last.circuitOpenUntil() != null) ? 1 : 0;
	}

	private Instant circuitOpenUntil() {
		LocalDateTime until = this.circuitOpenUntil.get();
		return (until != null) ? until.atZone(this.clock.getZone()).toInstant() : null;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		LastImport previous = this.last;
		this.last = new LastImport(execution.getId(), execution.getStatus().name(), null, instant(execution), null, 0,
				0, 0, previous.lastSuccess(), previous.circuitOpenUntil());
	}

	@Override
	public void afterJob(JobExecution execution) {
		LastImport previous = this.last;
		Instant ended = (execution.getEndTime() != null) ? local(execution.getEndTime()) : this.clock.instant();
		boolean completed = execution.getStatus() == BatchStatus.COMPLETED;
		Instant circuit = previous.circuitOpenUntil();
		try {
			circuit = circuitOpenUntil();
		}
		catch (RuntimeException ex) {
			logger.debug("Circuit state not refreshed: {}", ex.getMessage());
		}
		List<StepExecution> steps = List.copyOf(execution.getStepExecutions());
		this.last = new LastImport(execution.getId(), execution.getStatus().name(),
				execution.getExitStatus().getExitCode(), instant(execution), ended,
				steps.stream().mapToLong(StepExecution::getReadCount).sum(),
				steps.stream().mapToLong(StepExecution::getWriteCount).sum(),
				steps.stream().mapToLong(StepExecution::getSkipCount).sum(), completed ? ended : previous.lastSuccess(),
				circuit);
	}

	private Instant instant(JobExecution execution) {
		return (execution.getStartTime() != null) ? local(execution.getStartTime()) : this.clock.instant();
	}

	/** The batch tables hold the JVM's local time (see the application's clock). */
	private Instant local(LocalDateTime time) {
		return time.atZone(this.clock.getZone()).toInstant();
	}

	private Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? local(timestamp.toLocalDateTime()) : null;
	}

	private static double epochSeconds(Instant instant) {
		return (instant != null) ? instant.toEpochMilli() / 1000.0 : 0;
	}

}
