package com.fever.plans.batch.job;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Makes a restart resume from the last committed chunk only over the same feed. The
 * reader's position is a count of fragments: applied to a different file it would
 * silently skip plans. When the staged feed had to be fetched again and differs, the
 * position is cleared and the import starts over (writes are idempotent, so that is
 * safe).
 */
public class RestartPositionGuard implements StepExecutionListener {

	static final String IMPORTING_SHA256 = "import.feed-sha256";

	private static final Logger logger = LoggerFactory.getLogger(RestartPositionGuard.class);

	private final String readerName;

	public RestartPositionGuard(String readerName) {
		this.readerName = readerName;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		ExecutionContext context = stepExecution.getExecutionContext();
		String feed = stepExecution.getJobExecution().getExecutionContext().getString(FeedContext.SHA256);
		String resumed = context.getString(IMPORTING_SHA256, null);
		if (resumed != null && !resumed.equals(feed)) {
			List<String> position = context.entrySet()
				.stream()
				.map(Map.Entry::getKey)
				.filter((key) -> key.startsWith(this.readerName + "."))
				.toList();
			position.forEach(context::remove);
			logger.warn("The feed changed since the failed run (sha256 {} -> {}): importing it from the start", resumed,
					feed);
		}
		context.putString(IMPORTING_SHA256, feed);
	}

}
