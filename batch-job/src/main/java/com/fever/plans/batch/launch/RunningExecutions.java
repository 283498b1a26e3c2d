package com.fever.plans.batch.launch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * The job executions running in this process: on shutdown, these are the runs to stop
 * (never another process's).
 */
class RunningExecutions implements JobExecutionListener {

	private final Set<JobExecution> running = ConcurrentHashMap.newKeySet();

	@Override
	public void beforeJob(JobExecution execution) {
		this.running.add(execution);
	}

	@Override
	public void afterJob(JobExecution execution) {
		this.running.remove(execution);
	}

	List<JobExecution> current() {
		return List.copyOf(this.running);
	}

}
