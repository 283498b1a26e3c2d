package com.fever.plans.batch.job;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import com.fever.plans.batch.plan.StagedPlansMerge;
import com.fever.plans.batch.plan.StagingCopyWriter;

/**
 * Before the load: when a failed run of this instance already staged the whole feed (its
 * load step completed, then the merge failed) and every staged row is still there, go
 * straight to the merge; otherwise load (the {@link StagingGuard} then resumes or starts
 * over). This is what makes a restart after a crash during the merge exact, and a restart
 * after PostgreSQL emptied the unlogged staging table reload it.
 */
public class StagingDecider implements JobExecutionDecider {

	static final String LOAD = "LOAD";

	static final String LOADED = "LOADED";

	private final JobRepository jobRepository;

	private final StagedPlansMerge staging;

	private final String loadStep;

	public StagingDecider(JobRepository jobRepository, StagedPlansMerge staging, String loadStep) {
		this.jobRepository = jobRepository;
		this.staging = staging;
		this.loadStep = loadStep;
	}

	@Override
	public FlowExecutionStatus decide(JobExecution jobExecution, StepExecution stepExecution) {
		StepExecution load = this.jobRepository.getLastStepExecution(jobExecution.getJobInstance(), this.loadStep);
		if (load == null || load.getStatus() != org.springframework.batch.core.BatchStatus.COMPLETED) {
			return new FlowExecutionStatus(LOAD);
		}
		String feed = jobExecution.getExecutionContext().getString(FeedContext.SHA256, null);
		boolean sameFeed = feed != null
				&& feed.equals(load.getExecutionContext().getString(StagingGuard.IMPORTING_SHA256, null));
		long instanceId = jobExecution.getJobInstance().getInstanceId();
		long recorded = load.getExecutionContext().getLong(StagingCopyWriter.PLANS_STAGED, -1L);
		boolean intact = recorded == this.staging.staged(instanceId);
		// Unchanged plans were staged without content: valid only while events still
		// holds what they were compared with.
		boolean current = intact && this.staging.stale(instanceId) == 0;
		return new FlowExecutionStatus((sameFeed && intact && current) ? LOADED : LOAD);
	}

}
