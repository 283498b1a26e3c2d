package com.fever.plans.batch.partition;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.launch.ImportLauncher;
import com.fever.plans.batch.provider.Providers;

/**
 * The worker step of a provider's partition: the provider's {@code importPlansJob} run,
 * launched through the {@link ImportLauncher} so that the provider's run lock, circuit
 * breaker and stale-run recovery apply exactly as to a one-shot run.
 * <p>
 * Like Spring Batch's {@code JobStep} (which it replaces for that reason: a
 * {@code JobStep} launches the job directly, past the lock and the circuit), it is a
 * plain step around a child job execution, with no transaction of its own: the child job
 * commits its own chunks. The child's execution id is kept in the step's execution
 * context, so when the parent is restarted this partition restarts the very same child
 * run (resuming from its last committed chunk) rather than starting a new one.
 */
class ProviderImportStep extends AbstractStep {

	/** Step execution context key of the child {@code importPlansJob} execution. */
	static final String CHILD_EXECUTION = "import.execution-id";

	/**
	 * Step execution context key of the provider's last execution before this partition
	 * launched its own: saved before the launch, so that a partition whose process died
	 * mid-import (no child id saved) finds its child again.
	 */
	static final String LAUNCHED_AFTER = "import.launched-after";

	private final ImportLauncher launcher;

	ProviderImportStep(String name, JobRepository jobRepository, ImportLauncher launcher) {
		super(name);
		setJobRepository(jobRepository);
		// Only a failed partition runs again; a completed one is never repeated.
		setAllowStartIfComplete(false);
		this.launcher = launcher;
	}

	@Override
	protected void doExecute(StepExecution stepExecution) throws Exception {
		ExecutionContext context = stepExecution.getExecutionContext();
		String provider = context.getString(Providers.PARAMETER);
		Long child = context.containsKey(CHILD_EXECUTION) ? context.getLong(CHILD_EXECUTION) : null;
		Long launchedAfter = context.containsKey(LAUNCHED_AFTER) ? context.getLong(LAUNCHED_AFTER) : null;
		if (child == null && launchedAfter == null) {
			context.putLong(LAUNCHED_AFTER, this.launcher.lastExecutionId(provider));
			getJobRepository().updateExecutionContext(stepExecution);
		}
		ImportLauncher.Launched launched = this.launcher.startOrResume(provider, child, launchedAfter);
		JobExecution execution = launched.execution();
		if (execution != null) {
			context.putLong(CHILD_EXECUTION, execution.getId());
		}
		ImportExitCode outcome = launched.outcome();
		stepExecution.setExitStatus(new ExitStatus(outcome.name(),
				"provider " + provider + ((execution != null) ? ", import run " + execution.getId() : "")));
		if (!outcome.isSuccess()) {
			throw new ProviderImportException(provider, outcome, execution);
		}
	}

}
