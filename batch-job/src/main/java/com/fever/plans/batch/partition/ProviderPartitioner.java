package com.fever.plans.batch.partition;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.fever.plans.batch.provider.Providers;

/**
 * One partition per provider, named after it (the worker step execution is
 * {@code importProvider:<name>}), its context holding the provider's name.
 */
class ProviderPartitioner implements Partitioner {

	private final Providers providers;

	ProviderPartitioner(Providers providers) {
		this.providers = providers;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (String name : this.providers.names()) {
			ExecutionContext context = new ExecutionContext();
			context.putString(Providers.PARAMETER, name);
			partitions.put(name, context);
		}
		return partitions;
	}

}
