package com.fever.plans.batch.partition;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.Lifecycle;

import com.fever.plans.batch.launch.ImportLauncher;

/**
 * {@code java -jar batch-job.jar --worker}: consumes partition requests from RabbitMQ and
 * runs them (each a provider's import, through the launcher) until the process is asked
 * to stop.
 */
public class PartitionWorker {

	/**
	 * The inbound adapter's bean: started here rather than with the context, so that only
	 * {@code --worker} consumes requests.
	 */
	static final String INBOUND_ADAPTER = "partitionRequestsInbound";

	private static final Logger logger = LoggerFactory.getLogger(PartitionWorker.class);

	private final BeanFactory beanFactory;

	private final ImportLauncher launcher;

	PartitionWorker(BeanFactory beanFactory, ImportLauncher launcher) {
		this.beanFactory = beanFactory;
		this.launcher = launcher;
	}

	/**
	 * Listens for partition requests until the process stops (the JVM shutting down, or
	 * the calling thread interrupted).
	 */
	public void run() {
		Lifecycle inbound = this.beanFactory.getBean(INBOUND_ADAPTER, Lifecycle.class);
		inbound.start();
		logger.info("Partition worker listening for partition requests");
		try {
			CountDownLatch never = new CountDownLatch(1);
			while (!this.launcher.isShuttingDown()) {
				never.await(250, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			inbound.stop();
		}
		logger.info("Partition worker stopped");
	}

}
