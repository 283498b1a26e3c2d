package com.fever.plans.batch.monitoring;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.Observation;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.JobContext;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;

import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.provider.Providers;

/**
 * Tags Spring Batch's own observations (the job, its steps, item reads and processing,
 * chunk writes: the {@code spring_batch_*} timers) with the provider of the import they
 * belong to, {@code provider=<name>}, so that one process importing several providers
 * reports each provider's runs apart.
 * <p>
 * Spring Batch 6 creates these observations itself, without a convention of its own to
 * extend, and gives them the job's name but not its parameters. A global convention is
 * asked for its key values when an observation starts and again when it stops, on the
 * thread that runs it: Spring Batch has then registered the running job execution in its
 * {@link JobSynchronizationManager} (a job, its steps and their chunks run on one thread;
 * a partition's child import registers its own execution on the partition's thread),
 * whose {@value Providers#PARAMETER} parameter names the provider. A Micrometer common
 * tag could not: it is one value per process. Observations outside an import run
 * ({@code importAllProviders} itself, its partitioned step and the partitions around the
 * child runs) span every provider: {@value #ALL}. Every {@code spring_batch_*} series
 * thus has the label, as Prometheus requires of all series of one name. The launch
 * counter ({@code spring.batch.job.launch.count}) is left alone: Spring Batch starts it
 * before any execution exists, so no provider can be known there.
 */
public class ProviderObservationConvention implements GlobalObservationConvention<Observation.Context> {

	/** The provider tag's value for what spans every provider. */
	static final String ALL = "all";

	private static final String BATCH_PREFIX = "spring.batch.";

	private static final String LAUNCH = "spring.batch.job.launch";

	private final Providers providers;

	public ProviderObservationConvention(Providers providers) {
		this.providers = providers;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		String name = context.getName();
		return name != null && name.startsWith(BATCH_PREFIX) && !name.startsWith(LAUNCH);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(Observation.Context context) {
		return KeyValues.of(ImportMonitor.PROVIDER_TAG, provider());
	}

	private String provider() {
		JobContext job = JobSynchronizationManager.getContext();
		JobExecution execution = (job != null) ? job.getJobExecution() : null;
		if (execution == null || !ImportRuns.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
			return ALL;
		}
		// As ImportRuns#providerOf: a run without the parameter is the first provider's.
		String provider = execution.getJobParameters().getString(Providers.PARAMETER);
		return (provider != null) ? provider : this.providers.first().name();
	}

}
