package com.fever.plans.batch.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import com.fever.plans.batch.plan.StagedPlansMerge;

/**
 * The merge step: publishes the staged run into {@code events}, bumps
 * {@code data_version} and sends the NOTIFY (when rows changed), and removes the run's
 * staged rows, all in the step's one transaction. Readers see the whole run or none of
 * it; a merge cut by a crash rolls back entirely and runs again on the restart.
 */
public class MergeStagingTasklet implements Tasklet {

	/** Job context key: rows the merge inserted or rewrote. */
	public static final String ROWS_CHANGED = "import.rows-changed";

	private static final Logger logger = LoggerFactory.getLogger(MergeStagingTasklet.class);

	private final StagedPlansMerge merge;

	private final DataVersionPublisher publisher;

	public MergeStagingTasklet(StagedPlansMerge merge, DataVersionPublisher publisher) {
		this.merge = merge;
		this.publisher = publisher;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		JobExecution job = contribution.getStepExecution().getJobExecution();
		long instanceId = job.getJobInstance().getInstanceId();
		int changed = this.merge.merge(instanceId, job.getId());
		if (changed > 0) {
			// Joins this step's transaction: the version and the rows commit together.
			this.publisher.publish(job.getId());
		}
		int cleared = this.merge.clear(instanceId);
		contribution.incrementWriteCount(changed);
		job.getExecutionContext().putLong(ROWS_CHANGED, changed);
		logger.info("Merged {} staged plans into events: {} rows inserted or rewritten", cleared, changed);
		return RepeatStatus.FINISHED;
	}

}
