package com.fever.plans.batch.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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

import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.provider.Providers;

/**
 * Each provider's import state as gauges tagged {@code provider=<name>}, for what Spring
 * Batch's own timers cannot say: when the provider's last successful import ended (alert
 * "no successful import in N minutes", which must hold across processes: a one-shot run's
 * counters start at zero), whether its last run failed, its items and rejects, and its
 * circuit.
 * <p>
 * Read per provider through {@link ImportRuns} at start-up, so a fresh process (a
 * one-shot run, a restarted pod) reports the history of every configured provider, also
 * of those it does not import; then updated from each run this process makes, in memory,
 * so the push at shutdown needs no database. The circuit is re-read at each scrape (a
 * launch refused by the open circuit runs no job); if the database is unreachable then,
 * the last known state stays.
 */
public class ImportMonitor implements MeterBinder, JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ImportMonitor.class);

	/** The tag naming the provider of a series. */
	static final String PROVIDER_TAG = Providers.PARAMETER;

	private final ImportRuns runs;

	private final List<String> providers;

	private final Function<String, LocalDateTime> circuitOpenUntil;

	private final Clock clock;

	private final Map<String, LastImport> last = new ConcurrentHashMap<>();

	/**
	 * Creates the monitor.
	 * @param runs the import history
	 * @param providers the configured providers' names: one series each
	 * @param circuitOpenUntil until when a provider's circuit is open ({@code null}:
	 * closed)
	 * @param clock the clock, whose zone the batch tables' times are in
	 */
	public ImportMonitor(ImportRuns runs, List<String> providers, Function<String, LocalDateTime> circuitOpenUntil,
			Clock clock) {
		this.runs = runs;
		this.providers = List.copyOf(providers);
		this.circuitOpenUntil = circuitOpenUntil;
		this.clock = clock;
		this.providers.forEach((provider) -> this.last.put(provider, LastImport.NONE));
	}

	/**
	 * The configured providers, one series each.
	 * @return their names, in configuration order
	 */
	public List<String> providers() {
		return this.providers;
	}

	/**
	 * A provider's import state as last known.
	 * @param provider the provider
	 * @return the state ({@link LastImport#NONE} for a provider not configured)
	 */
	public LastImport last(String provider) {
		return this.last.getOrDefault(provider, LastImport.NONE);
	}

	/**
	 * Reads every provider's state from the batch tables.
	 * @return the states, in configuration order
	 */
	public Map<String, LastImport> refresh() {
		Map<String, LastImport> states = new LinkedHashMap<>();
		this.providers.forEach((provider) -> states.put(provider, refresh(provider)));
		return states;
	}

	/**
	 * Reads a provider's state from the batch tables.
	 * @param provider the provider
	 * @return the state
	 */
	public LastImport refresh(String provider) {
		List<ImportRuns.Run> lastRuns = this.runs.lastRuns(provider, 1);
		LastImport state = LastImport.NONE;
		if (!lastRuns.isEmpty()) {
			ImportRuns.Run run = lastRuns.get(0);
			state = new LastImport(run.executionId(), run.status(), run.exitCode(), instant(run.start()),
					instant(run.end()), run.read(), run.written(), run.skipped(), null, null);
		}
		state = state.withLastSuccess(instant(this.runs.lastSuccessEnd(provider)))
			.withCircuitOpenUntil(circuitOpenUntil(provider));
		this.last.put(provider, state);
		return state;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String provider : this.providers) {
			try {
				refresh(provider);
			}
			catch (RuntimeException ex) {
				logger.warn("Cannot read the import history of provider {} for monitoring: {}", provider,
						ex.getMessage());
			}
			bind(registry, provider);
		}
	}

	private void bind(MeterRegistry registry, String provider) {
		gauge(registry, provider, "plans.import.last.success.timestamp", "seconds",
				"When the provider's last completed import ended (Unix time); 0 before the first",
				(last) -> epochSeconds(last.lastSuccess()));
		gauge(registry, provider, "plans.import.last.run.end.timestamp", "seconds",
				"When the provider's last import run ended (Unix time); 0 before the first or while it runs",
				(last) -> epochSeconds(last.ended()));
		gauge(registry, provider, "plans.import.last.run.failed", null,
				"1 when the provider's last import run ended without completing (failed, stopped), else 0",
				(last) -> last.failed() ? 1 : 0);
		gauge(registry, provider, "plans.import.last.run.duration", "seconds",
				"How long the provider's last import run took",
				(last) -> (last.started() != null && last.ended() != null)
						? (last.ended().toEpochMilli() - last.started().toEpochMilli()) / 1000.0 : 0);
		gauge(registry, provider, "plans.import.last.run.items.read", null,
				"Items (base plans) the provider's last import run read", LastImport::read);
		gauge(registry, provider, "plans.import.last.run.items.written", null,
				"Items the provider's last import run wrote", LastImport::written);
		gauge(registry, provider, "plans.import.last.run.items.rejected", null,
				"Items the provider's last import run rejected (Spring Batch skips; reasons in import_rejects)",
				LastImport::rejected);
		Gauge.builder("plans.import.circuit.open", this, (monitor) -> monitor.circuitOpen(provider))
			.tag(PROVIDER_TAG, provider)
			.description("1 while the provider's circuit breaker is open (launches skip the provider), else 0")
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String provider, String name, String unit, String description,
			ToDoubleFunction<LastImport> value) {
		Gauge.builder(name, this, (monitor) -> value.applyAsDouble(monitor.last(provider)))
			.tag(PROVIDER_TAG, provider)
			.baseUnit(unit)
			.description(description)
			.register(registry);
	}

	private double circuitOpen(String provider) {
		try {
			Instant until = circuitOpenUntil(provider);
			this.last.computeIfPresent(provider, (name, state) -> state.withCircuitOpenUntil(until));
		}
		catch (RuntimeException ex) {
			// The database is away (or already closed at shutdown): the last known state.
			logger.debug("Circuit state of provider {} not refreshed: {}", provider, ex.getMessage());
		}
		return (last(provider).circuitOpenUntil() != null) ? 1 : 0;
	}

	private Instant circuitOpenUntil(String provider) {
		return instant(this.circuitOpenUntil.apply(provider));
	}

	@Override
	public void beforeJob(JobExecution execution) {
		String provider = this.runs.providerOf(execution);
		this.last.computeIfPresent(provider,
				(name, previous) -> new LastImport(execution.getId(), execution.getStatus().name(), null,
						started(execution), null, 0, 0, 0, previous.lastSuccess(), previous.circuitOpenUntil()));
	}

	@Override
	public void afterJob(JobExecution execution) {
		String provider = this.runs.providerOf(execution);
		LastImport previous = this.last.get(provider);
		if (previous == null) {
			// A run of a provider no longer configured: it has no series.
			return;
		}
		Instant ended = (execution.getEndTime() != null) ? local(execution.getEndTime()) : this.clock.instant();
		boolean completed = execution.getStatus() == BatchStatus.COMPLETED;
		Instant circuit = previous.circuitOpenUntil();
		try {
			circuit = circuitOpenUntil(provider);
		}
		catch (RuntimeException ex) {
			logger.debug("Circuit state of provider {} not refreshed: {}", provider, ex.getMessage());
		}
		List<StepExecution> steps = List.copyOf(execution.getStepExecutions());
		this.last.put(provider,
				new LastImport(execution.getId(), execution.getStatus().name(), execution.getExitStatus().getExitCode(),
						started(execution), ended, steps.stream().mapToLong(StepExecution::getReadCount).sum(),
						steps.stream().mapToLong(StepExecution::getWriteCount).sum(),
						steps.stream().mapToLong(StepExecution::getSkipCount).sum(),
						completed ? ended : previous.lastSuccess(), circuit));
	}

	private Instant started(JobExecution execution) {
		return (execution.getStartTime() != null) ? local(execution.getStartTime()) : this.clock.instant();
	}

	/** The batch tables hold the JVM's local time (see the application's clock). */
	private Instant local(LocalDateTime time) {
		return time.atZone(this.clock.getZone()).toInstant();
	}

	private Instant instant(LocalDateTime time) {
		return (time != null) ? local(time) : null;
	}

	private static double epochSeconds(Instant instant) {
		return (instant != null) ? instant.toEpochMilli() / 1000.0 : 0;
	}

}
