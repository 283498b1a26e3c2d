package com.fever.plans.batch.partition;

import java.time.Duration;
import java.time.LocalDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * After a remote manager step that did not complete (typically its timeout: a worker
 * died), marks its partitions still {@code STARTING}/{@code STARTED} as {@code FAILED}:
 * the repository then tells the truth, and a restart of the parent runs exactly those
 * partitions again. The dead worker's child import run, left {@code STARTED}, is
 * recovered by the next launch of its provider (under the provider's lock) and restarted
 * from its last committed chunk.
 */
class UnfinishedPartitions implements StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(UnfinishedPartitions.class);

	private final JobRepository jobRepository;

	private final Duration timeout;

	UnfinishedPartitions(JobRepository jobRepository, Duration timeout) {
		this.jobRepository = jobRepository;
		this.timeout = timeout;
	}

	@Override
	public ExitStatus afterStep(StepExecution manager) {
		if (manager.getStatus() == BatchStatus.COMPLETED) {
			return null;
		}
		JobExecution job = this.jobRepository.getJobExecution(manager.getJobExecutionId());
		String prefix = AllProvidersJobConfiguration.WORKER_STEP + ":";
		for (StepExecution partition : job.getStepExecutions()) {
			if (!partition.getStepName().startsWith(prefix) || !partition.getStatus().isRunning()) {
				continue;
			}
			String reason = "No outcome from its worker within plans.partition.timeout (" + this.timeout
					+ "): the worker died or is unreachable; restart the parent to run this partition again";
			logger.error("Partition {} (step execution {}): {}", partition.getStepName(), partition.getId(), reason);
			partition.setStatus(BatchStatus.FAILED);
			partition.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
			partition.setEndTime(LocalDateTime.now());
			this.jobRepository.update(partition);
		}
		return null;
	}

}
