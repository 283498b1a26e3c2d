package com.fever.plans.batch.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

import com.fever.plans.batch.plan.BasePlanXml;
import com.fever.plans.batch.plan.ImportedBasePlan;
import com.fever.plans.batch.plan.StagingCopyWriter;

/**
 * Logs a progress line at a steady interval during a long import: base plans read, plans
 * written, plans rejected and the rate since the step started.
 */
public class ImportProgressLogger
		implements StepExecutionListener, ChunkListener<BasePlanXml, Future<ImportedBasePlan>> {

	private static final Logger logger = LoggerFactory.getLogger(ImportProgressLogger.class);

	private final Duration interval;

	private final Clock clock;

	private StepExecution stepExecution;

	private Instant started;

	private Instant lastLogged;

	public ImportProgressLogger(Duration interval, Clock clock) {
		this.interval = interval;
		this.clock = clock;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.stepExecution = stepExecution;
		this.started = this.clock.instant();
		this.lastLogged = this.started;
	}

	@Override
	public void afterChunk(Chunk<Future<ImportedBasePlan>> chunk) {
		Instant now = this.clock.instant();
		if (Duration.between(this.lastLogged, now).compareTo(this.interval) < 0) {
			return;
		}
		this.lastLogged = now;
		long read = this.stepExecution.getReadCount();
		long seconds = Math.max(1, Duration.between(this.started, now).toSeconds());
		logger.info("Import progress: {} base plans read ({}/s), {} plans staged, {} rejected", read, read / seconds,
				this.stepExecution.getExecutionContext().getLong(StagingCopyWriter.PLANS_STAGED, 0L),
				this.stepExecution.getProcessSkipCount());
	}

}
