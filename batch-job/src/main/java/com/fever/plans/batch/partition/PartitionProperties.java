package com.fever.plans.batch.partition;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How {@code importAllProviders} runs its partitions ({@code plans.partition.*}).
 *
 * @param remote {@code false} (default): on threads of this process; {@code true}: sent
 * over RabbitMQ to worker processes ({@code --worker})
 * @param concurrency local partitions run at once (0: one thread per provider)
 * @param timeout remote: how long the manager waits for the workers' partitions before
 * its step fails (a killed worker never reports)
 * @param pollInterval remote: how often the manager reads the workers' step executions
 * from the job repository
 * @param queue remote: the RabbitMQ queue of partition requests
 */
@ConfigurationProperties("plans.partition")
public record PartitionProperties(@DefaultValue("false") boolean remote, @DefaultValue("0") int concurrency,
		@DefaultValue("30m") Duration timeout, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("plans.partitions") String queue) {

}
