package com.fever.plans.batch.launch;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.provider.Providers;
import com.fever.plans.batch.staging.StagedFeeds;

/**
 * Launches the import of one provider the way operators and schedulers need it: one run
 * per provider at a time (advisory lock), the provider's runs left {@code STARTED} by a
 * killed process recovered first, the provider's circuit breaker honoured, and an
 * {@link ImportExitCode} for every outcome. The provider is the identifying job parameter
 * {@value Providers#PARAMETER}, so each provider has its own job instances.
 */
public class ImportLauncher {

	private static final Logger logger = LoggerFactory.getLogger(ImportLauncher.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final Providers providers;

	private final ImportRuns runs;

	private final RunLock runLock;

	private final ProviderCircuitBreaker circuitBreaker;

	private final StagedFeeds stagedFeeds;

	private final RunningExecutions running = new RunningExecutions();

	/** Guards {@link #launches}. */
	private final Object launchMonitor = new Object();

	/** Launches of this process holding a run lock. */
	private int launches;

	private volatile boolean shuttingDown;

	private volatile Job allProvidersJob;

	public ImportLauncher(JobOperator jobOperator, JobRepository jobRepository, Job job, Providers providers,
			ImportRuns runs, RunLock runLock, ProviderCircuitBreaker circuitBreaker, StagedFeeds stagedFeeds) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.providers = providers;
		this.runs = runs;
		this.runLock = runLock;
		this.circuitBreaker = circuitBreaker;
		this.stagedFeeds = stagedFeeds;
		if (job instanceof AbstractJob abstractJob) {
			// Which executions this process runs, to stop them on shutdown.
			abstractJob.registerJobExecutionListener(this.running);
		}
	}

	/**
	 * Runs a new import of the first (or only) provider.
	 * @return how it ended
	 */
	public ImportExitCode runOnce() {
		return runOnce(this.providers.first().name());
	}

	/**
	 * Runs a new import of a provider.
	 * @param provider the provider's name
	 * @return how it ended; {@link ImportExitCode#USAGE} for an unknown provider
	 */
	public ImportExitCode runOnce(String provider) {
		return startNew(provider).outcome();
	}

	/**
	 * Starts a new import of a provider, or says why it did not.
	 * @param provider the provider's name
	 * @return the ended execution, or the outcome when none ran
	 */
	public Launched startNew(String provider) {
		return locked(provider, () -> {
			LocalDateTime openUntil = this.circuitBreaker.openUntil(provider);
			if (openUntil != null) {
				logger.warn("Provider {}: circuit open after repeated failed fetches: not calling it until {}",
						provider, openUntil);
				return new Launched(null, ImportExitCode.CIRCUIT_OPEN);
			}
			JobParameters parameters = nextParameters(provider);
			logger.info("Provider {}: new import run ({})", provider, parameters);
			return launched(settle(this.jobOperator.start(this.job, parameters)));
		});
	}

	/**
	 * The parameters of the provider's next instance: its last run's incremented
	 * ({@code run.id} + 1), with the provider.
	 */
	private JobParameters nextParameters(String provider) {
		JobExecution last = this.runs.lastExecution(provider);
		JobParameters next = new RunIdIncrementer()
			.getNext((last != null) ? last.getJobParameters() : new JobParameters());
		return new JobParametersBuilder(next).addString(Providers.PARAMETER, provider, true).toJobParameters();
	}

	/**
	 * The default command: the only provider's import, or, with several, the
	 * {@code importAllProviders} job (one partition per provider).
	 * @return how it ended
	 */
	public ImportExitCode runDefault() {
		return this.providers.several() ? runAll() : runOnce();
	}

	/**
	 * Runs a new {@code importAllProviders}: every provider's import, one partition each.
	 * @return {@link ImportExitCode#COMPLETED} when every provider's import completed (or
	 * found its feed unchanged), else {@link ImportExitCode#FAILED}
	 */
	public ImportExitCode runAll() {
		Job all = allProvidersJob();
		JobInstance last = this.jobRepository.getLastJobInstance(all.getName());
		JobExecution lastRun = (last != null) ? this.jobRepository.getLastJobExecution(last) : null;
		JobParameters next = new RunIdIncrementer()
			.getNext((lastRun != null) ? lastRun.getJobParameters() : new JobParameters());
		return allProviders(() -> this.jobOperator.start(all, next));
	}

	/**
	 * The default restart ({@code --restart} without {@code --provider}): the given run,
	 * whichever job it belongs to; else, with several providers, the latest
	 * {@code importAllProviders} if it failed; else the only provider's latest failed
	 * run.
	 * @param executionId the run, or {@code null}
	 * @return how it ended
	 */
	public ImportExitCode restartDefault(Long executionId) {
		if (executionId != null) {
			return isAllProvidersRun(executionId) ? restartAll(executionId) : restart(null, executionId);
		}
		return this.providers.several() ? restartAll(null) : restart(null, null);
	}

	/**
	 * Restarts a failed {@code importAllProviders}: only its partitions that did not
	 * complete run again, each restarting its provider's failed import run.
	 * @param executionId the execution, or {@code null} for the latest one if it failed
	 * @return how it ended
	 */
	public ImportExitCode restartAll(Long executionId) {
		Job all = allProvidersJob();
		JobExecution execution;
		if (executionId != null) {
			execution = this.runs.execution(executionId);
		}
		else {
			JobInstance last = this.jobRepository.getLastJobInstance(all.getName());
			execution = (last != null) ? this.jobRepository.getLastJobExecution(last) : null;
		}
		if (execution == null || !all.getName().equals(execution.getJobInstance().getJobName())
				|| !isRestartable(execution.getStatus())) {
			logger.error("No failed {} run to restart", all.getName());
			return ImportExitCode.USAGE;
		}
		logger.info("Restarting {} run {}: the providers whose import did not complete", all.getName(),
				execution.getId());
		// Started again with the same parameters, which Spring Batch restarts (the job
		// has no incrementer, so the parameters are taken as given).
		return allProviders(() -> this.jobOperator.start(all, execution.getJobParameters()));
	}

	private ImportExitCode allProviders(AllProvidersLaunch launch) {
		if (this.shuttingDown) {
			logger.warn("The process is stopping: no new import run");
			return ImportExitCode.STOPPED;
		}
		JobExecution execution;
		try {
			execution = launch.run();
		}
		catch (Exception ex) {
			logger.error("Import of every provider failed: {}", ex.getMessage(), ex);
			return ImportExitCode.FAILED;
		}
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return ImportExitCode.COMPLETED;
		}
		logger.error(
				"{} run {} ended {}: {}; restart it with --restart (only the providers that did not complete "
						+ "run again)",
				execution.getJobInstance().getJobName(), execution.getId(), execution.getStatus(), reasons(execution));
		return (execution.getStatus() == BatchStatus.STOPPED) ? ImportExitCode.STOPPED : ImportExitCode.FAILED;
	}

	/**
	 * Whether the given execution id is a run of {@code importAllProviders}.
	 * @param executionId the id
	 * @return {@code true} when it is
	 */
	public boolean isAllProvidersRun(long executionId) {
		JobExecution execution = this.runs.execution(executionId);
		return execution != null && this.allProvidersJob != null
				&& this.allProvidersJob.getName().equals(execution.getJobInstance().getJobName());
	}

	/**
	 * A partition's import of one provider: a new run, or, when the partition is run
	 * again by a restart of its parent, the restart of the run it launched before (a new
	 * run if that one cannot be restarted any more).
	 * @param provider the provider
	 * @param previous the run the partition launched before, or {@code null}
	 * @param launchedAfter the provider's last run when the partition first ran (its own
	 * run, if it got one, came after), or {@code null}
	 * @return what was launched
	 */
	public Launched startOrResume(String provider, Long previous, Long launchedAfter) {
		JobExecution before = (previous != null) ? this.runs.execution(previous) : null;
		if (before == null && launchedAfter != null) {
			// The partition ran before but its process died before saving its run: that
			// run is the provider's first one after launchedAfter, if any.
			JobExecution last = this.runs.lastExecution(provider);
			before = (last != null && last.getId() > launchedAfter) ? last : null;
		}
		if (before != null && (isRestartable(before.getStatus()) || before.getStatus().isRunning())) {
			// A run still marked running was left by a killed worker: restartRun recovers
			// it (FAILED) under the provider's lock first.
			return restartRun(provider, before.getId());
		}
		return startNew(provider);
	}

	/**
	 * The id of the provider's latest run.
	 * @param provider the provider
	 * @return the id, or 0 before its first run
	 */
	public long lastExecutionId(String provider) {
		JobExecution last = this.runs.lastExecution(provider);
		return (last != null) ? last.getId() : 0;
	}

	private Job allProvidersJob() {
		if (this.allProvidersJob == null) {
			throw new IllegalStateException("No importAllProviders job in this application");
		}
		return this.allProvidersJob;
	}

	/**
	 * Sets the job that imports every provider (set after construction: that job's
	 * partitions launch through this launcher).
	 * @param allProvidersJob the job
	 */
	public void setAllProvidersJob(Job allProvidersJob) {
		this.allProvidersJob = allProvidersJob;
	}

	/**
	 * Restarts a failed run of the first (or only) provider, or the given run.
	 * @param executionId the execution to restart, or {@code null} for the provider's
	 * latest failed one
	 * @return how it ended
	 */
	public ImportExitCode restart(Long executionId) {
		return restart(null, executionId);
	}

	/**
	 * Restarts a failed run: the same job instance, resumed from its last committed
	 * chunk. An operator's explicit restart is not held back by the circuit breaker.
	 * @param provider the provider whose latest failed run to restart, or {@code null}
	 * for the first provider (or the given execution's)
	 * @param executionId the execution to restart, or {@code null} for the provider's
	 * latest failed one
	 * @return how it ended
	 */
	public ImportExitCode restart(String provider, Long executionId) {
		JobExecution given = (executionId != null) ? this.runs.execution(executionId) : null;
		if (executionId != null && (given == null || !isImport(given))) {
			logger.error("No import run {}", executionId);
			return ImportExitCode.USAGE;
		}
		String name = (given != null) ? this.runs.providerOf(given)
				: (provider != null) ? provider : this.providers.first().name();
		if (provider != null && !provider.equals(name)) {
			logger.error("Import run {} imports provider {}, not {}", executionId, name, provider);
			return ImportExitCode.USAGE;
		}
		return restartRun(name, executionId).outcome();
	}

	/**
	 * Restarts a run of a provider (or its latest failed one), or says why it did not.
	 * @param provider the provider
	 * @param executionId the run, or {@code null} for the latest failed one
	 * @return the ended execution, or the outcome when none ran
	 */
	public Launched restartRun(String provider, Long executionId) {
		return locked(provider, () -> {
			JobExecution execution = (executionId != null) ? this.runs.execution(executionId)
					: latestRestartable(provider);
			if (execution == null) {
				logger.error((executionId != null) ? "No job execution " + executionId
						: "No failed import run of provider " + provider + " to restart");
				return new Launched(null, ImportExitCode.USAGE);
			}
			if (execution.getStatus() == BatchStatus.COMPLETED || execution.getStatus() == BatchStatus.ABANDONED) {
				logger.error("Import run {} is {}: only a failed or stopped run can be restarted", execution.getId(),
						execution.getStatus());
				return new Launched(null, ImportExitCode.USAGE);
			}
			logger.info("Restarting import run {} of provider {} (job instance {}, {})", execution.getId(), provider,
					execution.getJobInstance().getInstanceId(), execution.getStatus());
			return launched(settle(this.jobOperator.restart(settle(execution))));
		});
	}

	/**
	 * Gives up a failed or stopped run for good: it is marked {@code ABANDONED}, can no
	 * longer be restarted, and its staged feed is removed.
	 * @param executionId the execution to abandon
	 * @return {@link ImportExitCode#ABANDONED}, or {@link ImportExitCode#USAGE} when
	 * there is no such run or it cannot be abandoned
	 */
	public ImportExitCode abandon(long executionId) {
		JobExecution found = this.runs.execution(executionId);
		if (found == null || !isImport(found)) {
			logger.error("No import run {}", executionId);
			return ImportExitCode.USAGE;
		}
		return locked(this.runs.providerOf(found), () -> {
			JobExecution execution = this.runs.execution(executionId);
			if (!isRestartable(execution.getStatus())) {
				logger.error("Import run {} is {}: only a failed or stopped run can be abandoned", executionId,
						execution.getStatus());
				return new Launched(null, ImportExitCode.USAGE);
			}
			this.jobOperator.abandon(settle(execution));
			logger.info("Import run {} abandoned: it will not be restarted", executionId);
			return new Launched(null, ImportExitCode.ABANDONED);
		}).outcome();
	}

	private boolean isImport(JobExecution execution) {
		return this.job.getName().equals(execution.getJobInstance().getJobName());
	}

	private static boolean isRestartable(BatchStatus status) {
		return status == BatchStatus.FAILED || status == BatchStatus.STOPPED || status == BatchStatus.UNKNOWN;
	}

	private JobExecution latestRestartable(String provider) {
		JobExecution execution = this.runs.lastExecution(provider);
		return (execution != null && isRestartable(execution.getStatus())) ? execution : null;
	}

	private Launched locked(String provider, Launch launch) {
		try {
			this.providers.get(provider);
		}
		catch (IllegalArgumentException ex) {
			logger.error(ex.getMessage());
			return new Launched(null, ImportExitCode.USAGE);
		}
		RunLock.Held lock;
		try {
			lock = this.runLock.tryAcquire(provider);
		}
		catch (SQLException ex) {
			logger.error("Cannot reach the database to take the run lock: {}", ex.getMessage());
			return new Launched(null, ImportExitCode.FAILED);
		}
		if (lock == null) {
			logger.warn("Another import run of provider {} holds the lock: exiting without doing anything", provider);
			return new Launched(null, ImportExitCode.ALREADY_RUNNING);
		}
		try (lock) {
			enter();
			// Checked after counting this launch in: a shutdown either sees the launch
			// (and stops its run) or is seen here.
			if (this.shuttingDown) {
				logger.warn("The process is stopping: no new import run");
				return new Launched(null, ImportExitCode.STOPPED);
			}
			recoverStaleRuns(provider);
			this.stagedFeeds.sweep(provider);
			Launched outcome = launch.run();
			// A completed run supersedes the feeds staged by earlier failed ones.
			this.stagedFeeds.sweep(provider);
			return outcome;
		}
		catch (Exception ex) {
			logger.error("Import run of provider {} failed: {}", provider, ex.getMessage(), ex);
			return new Launched(null, ImportExitCode.FAILED);
		}
		finally {
			leave();
		}
	}

	private void enter() {
		synchronized (this.launchMonitor) {
			this.launches++;
		}
	}

	private void leave() {
		synchronized (this.launchMonitor) {
			this.launches--;
			this.launchMonitor.notifyAll();
		}
	}

	/**
	 * With the provider's lock held no other run of it is alive, so an execution of it
	 * still marked running was left by a process that died: mark it failed so it can be
	 * restarted.
	 */
	private void recoverStaleRuns(String provider) {
		for (JobExecution execution : this.runs.running(provider)) {
			logger.warn(
					"Import run {} was left {} by a process that stopped (started {}): marking it FAILED; "
							+ "restart it with --restart={}",
					execution.getId(), execution.getStatus(), execution.getStartTime(), execution.getId());
			this.jobOperator.recover(execution);
		}
	}

	/**
	 * Spring Batch marks a run UNKNOWN when a chunk's commit had an unknown outcome (the
	 * database connection was cut during it) and refuses to restart it. Here that outcome
	 * is known to be consistent: the chunk's rows and the step's saved position are
	 * written in the same transaction, so either both committed or neither did. Marking
	 * the run FAILED makes it restartable from exactly the committed position.
	 */
	private JobExecution settle(JobExecution execution) {
		if (execution.getStatus() != BatchStatus.UNKNOWN) {
			return execution;
		}
		LocalDateTime now = LocalDateTime.now();
		String reason = "Chunk commit outcome was unknown (database connection lost); "
				+ "rows and restart position commit together, so the run is restartable";
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
				step.setStatus(BatchStatus.FAILED);
				step.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
				step.setEndTime((step.getEndTime() != null) ? step.getEndTime() : now);
				this.jobRepository.update(step);
			}
		}
		execution.setStatus(BatchStatus.FAILED);
		execution.setExitStatus(execution.getExitStatus().replaceExitCode("FAILED").addExitDescription(reason));
		execution.setEndTime((execution.getEndTime() != null) ? execution.getEndTime() : now);
		this.jobRepository.update(execution);
		logger.warn("Import run {}: {}; marked FAILED", execution.getId(), reason);
		return execution;
	}

	private Launched launched(JobExecution execution) {
		return new Launched(execution, exitCode(execution));
	}

	private ImportExitCode exitCode(JobExecution execution) {
		ImportExitCode outcome = ImportExitCode.of(execution);
		if (outcome == ImportExitCode.STOPPED) {
			logger.warn("Import run {} stopped after its last committed chunk; restart it with --restart={}",
					execution.getId(), execution.getId());
		}
		else if (execution.getStatus() != BatchStatus.COMPLETED) {
			String reasons = reasons(execution);
			String description = execution.getExitStatus().getExitDescription();
			if (!description.contains(reasons)) {
				// Where operators look first (README's SQL), the reason itself rather
				// than Spring Batch's wrapper of it.
				execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(),
						description.isEmpty() ? reasons : reasons + "; " + description));
				this.jobRepository.update(execution);
			}
			logger.error("Import run {} ended {}: {}", execution.getId(), execution.getStatus(), reasons);
		}
		return outcome;
	}

	/**
	 * What made a run fail: for each failure, the outermost cause that is not Spring
	 * Batch's own wrapper (it wraps the reason, e.g. the reject limit, in "Unable to
	 * process chunk").
	 */
	private static String reasons(JobExecution execution) {
		List<String> reasons = execution.getAllFailureExceptions()
			.stream()
			.map(ImportLauncher::reason)
			.map(Throwable::getMessage)
			.distinct()
			.toList();
		return reasons.isEmpty() ? execution.getExitStatus().getExitDescription() : String.join("; ", reasons);
	}

	private static Throwable reason(Throwable failure) {
		Throwable reason = failure;
		while (reason.getCause() != null && reason.getClass().getName().startsWith("org.springframework.batch.")) {
			reason = reason.getCause();
		}
		return reason;
	}

	/**
	 * Accepts new launches, or refuses them from now on (the process is shutting down).
	 * @param accept whether to accept them
	 */
	void acceptLaunches(boolean accept) {
		this.shuttingDown = !accept;
	}

	/**
	 * Whether the process is stopping (no new launches).
	 * @return {@code true} once a shutdown began
	 */
	public boolean isShuttingDown() {
		return this.shuttingDown;
	}

	/**
	 * Whether a launch is in progress in this process (and so holds the run lock).
	 * @return {@code true} while a launch runs
	 */
	boolean isLaunching() {
		synchronized (this.launchMonitor) {
			return this.launches > 0;
		}
	}

	/**
	 * Waits until no launch is in progress in this process.
	 * @param timeout how long to wait at most
	 * @return {@code true} when none is, {@code false} when the wait timed out
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.launchMonitor) {
			while (this.launches > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.launchMonitor, left);
			}
			return true;
		}
	}

	/**
	 * Asks the executions this process runs to stop after their current chunk.
	 * <p>
	 * The signal is Spring Batch's own: the execution marked {@code STOPPING} in the job
	 * repository, which the running step reads back at its next chunk commit and stops
	 * on, ending the run {@code STOPPED}. Not {@code JobOperator.stop}: in Spring Batch
	 * 6.0 it also writes the running step's row from this thread, racing the step's own
	 * commit (optimistic locking, spring-batch#5120, #5308), which fails the run instead
	 * of stopping it. The step thread stays the only writer of its row.
	 */
	void stopRunningExecutions() {
		for (JobExecution running : this.running.current()) {
			JobExecution execution = this.runs.execution(running.getId());
			if (execution == null || (execution.getStatus() != BatchStatus.STARTING
					&& execution.getStatus() != BatchStatus.STARTED)) {
				continue;
			}
			try {
				logger.warn("Stopping import run {} after its current chunk (the process is asked to stop)",
						execution.getId());
				execution.setStatus(BatchStatus.STOPPING);
				this.jobRepository.update(execution);
			}
			catch (Exception ex) {
				logger.warn("Could not stop import run {}: {}", execution.getId(), ex.getMessage());
			}
		}
	}

	@FunctionalInterface
	private interface Launch {

		Launched run() throws Exception;

	}

	@FunctionalInterface
	private interface AllProvidersLaunch {

		JobExecution run() throws Exception;

	}

	/**
	 * What a launch did.
	 *
	 * @param execution the run it ended, or {@code null} when none ran
	 * @param outcome how it ended
	 */
	public record Launched(JobExecution execution, ImportExitCode outcome) {

	}

}
