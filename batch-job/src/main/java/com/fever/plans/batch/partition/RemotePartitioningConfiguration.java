package com.fever.plans.batch.partition;

import java.util.List;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.amqp.inbound.AmqpInboundChannelAdapter;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;

import com.fever.plans.batch.launch.ImportLauncher;
import com.fever.plans.batch.provider.Providers;

/**
 * Remote partitioning of {@code importAllProviders} over RabbitMQ with
 * spring-batch-integration ({@code plans.partition.remote=true}).
 *
 * <pre>
 *  manager (the normal launch)                       workers (java -jar batch-job.jar --worker)
 *  importProviders ──StepExecutionRequest──▶ queue plans.partitions ──▶ importProvider:&lt;name&gt;
 *        │                                                                  │
 *        └──── polls BATCH_STEP_EXECUTION (no reply queue) ◀── job repository (PostgreSQL)
 * </pre>
 *
 * The manager does not wait for replies on a queue: it polls the shared JDBC job
 * repository for its partitions' step executions every {@code poll-interval}, and fails
 * its step after {@code timeout}. So two managers never take each other's replies, and a
 * worker killed mid-partition fails the manager within the timeout instead of leaving it
 * waiting; {@link UnfinishedPartitions} then marks the dead partition FAILED so a restart
 * runs it (and only it) again.
 * <p>
 * Requests are consumed without acknowledgement: a request taken by a worker that dies is
 * not handed to another worker behind the manager's back; the manager's timeout and the
 * operator's (or the scheduler's) restart decide, as with a local failure.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("plans.partition.remote")
// Spring Boot 4 auto-configures Spring Integration only with its own starter: enabled
// here,
// where the flows are.
@EnableIntegration
public class RemotePartitioningConfiguration {

	/** The partition requests carry only these classes (Java serialization). */
	private static final List<String> REQUEST_CLASSES = List
		.of("org.springframework.batch.integration.partition.StepExecutionRequest", "java.lang.*");

	@Bean
	Queue partitionRequestQueue(PartitionProperties properties) {
		return new Queue(properties.queue(), true);
	}

	// Manager side

	@Bean
	DirectChannel partitionRequests() {
		return new DirectChannel();
	}

	@Bean
	IntegrationFlow partitionRequestsToRabbit(DirectChannel partitionRequests, RabbitTemplate rabbitTemplate,
			PartitionProperties properties) {
		return IntegrationFlow.from(partitionRequests)
			.handle(Amqp.outboundAdapter(rabbitTemplate).routingKey(properties.queue()))
			.get();
	}

	@Bean
	Step importProvidersStep(JobRepository jobRepository, Step importProviderStep, Providers providers,
			PartitionProperties properties, DirectChannel partitionRequests, BeanFactory beanFactory) {
		return new RemotePartitioningManagerStepBuilder(AllProvidersJobConfiguration.MANAGER_STEP, jobRepository)
			.partitioner(AllProvidersJobConfiguration.WORKER_STEP, new ProviderPartitioner(providers))
			.gridSize(providers.names().size())
			.outputChannel(partitionRequests)
			.pollInterval(properties.pollInterval().toMillis())
			.timeout(properties.timeout().toMillis())
			.beanFactory(beanFactory)
			.listener(new UnfinishedPartitions(jobRepository, properties.timeout()))
			.build();
	}

	// Worker side: started by --worker only (PartitionWorker)

	@Bean
	SimpleMessageListenerContainer partitionRequestContainer(ConnectionFactory connectionFactory,
			PartitionProperties properties) {
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
		container.setQueueNames(properties.queue());
		container.setAcknowledgeMode(AcknowledgeMode.NONE);
		container.setConcurrentConsumers(1);
		container.setAutoStartup(false);
		return container;
	}

	@Bean
	DirectChannel workerRequests() {
		return new DirectChannel();
	}

	@Bean(PartitionWorker.INBOUND_ADAPTER)
	AmqpInboundChannelAdapter partitionRequestsInbound(SimpleMessageListenerContainer partitionRequestContainer,
			DirectChannel workerRequests) {
		SimpleMessageConverter converter = new SimpleMessageConverter();
		converter.setAllowedListPatterns(REQUEST_CLASSES);
		AmqpInboundChannelAdapter adapter = new AmqpInboundChannelAdapter(partitionRequestContainer);
		adapter.setMessageConverter(converter);
		adapter.setOutputChannel(workerRequests);
		adapter.setAutoStartup(false);
		return adapter;
	}

	@Bean
	IntegrationFlow partitionRequestsToWorkerStep(DirectChannel workerRequests, JobRepository jobRepository,
			Step importProviderStep) {
		StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
		handler.setJobRepository(jobRepository);
		handler.setStepLocator((name) -> name.equals(importProviderStep.getName()) ? importProviderStep : null);
		return IntegrationFlow.from(workerRequests)
			.handle(handler, "handle")
			// The manager reads the outcome from the job repository: no reply.
			.nullChannel();
	}

	@Bean
	PartitionWorker partitionWorker(BeanFactory beanFactory, ImportLauncher importLauncher) {
		return new PartitionWorker(beanFactory, importLauncher);
	}

}
