package com.fever.plans.batch.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.parameters.JobParameters;

import com.fever.plans.batch.feed.ProviderProperties;

/**
 * The configured providers by name. The name is the identifying job parameter
 * {@value #PARAMETER} of {@code importPlansJob}: each provider has its own job instances,
 * and so its own history, restart target, staged feed, "unchanged" check, circuit breaker
 * and run lock.
 */
public final class Providers {

	/** The job parameter naming the provider of a run. */
	public static final String PARAMETER = "provider";

	private final Map<String, ProviderProperties> byName = new LinkedHashMap<>();

	/**
	 * Checks and indexes the providers.
	 * @param providers the providers, at least one
	 * @throws IllegalArgumentException when there is none, a name is blank or taken twice
	 */
	public Providers(List<ProviderProperties> providers) {
		if (providers.isEmpty()) {
			throw new IllegalArgumentException("plans.providers lists no provider");
		}
		for (ProviderProperties provider : providers) {
			if (provider.name() == null || provider.name().isBlank()) {
				throw new IllegalArgumentException("A provider in plans.providers has no name");
			}
			if (provider.url() == null) {
				throw new IllegalArgumentException("Provider '" + provider.name() + "' has no url");
			}
			if (this.byName.putIfAbsent(provider.name(), provider) != null) {
				throw new IllegalArgumentException("Provider name '" + provider.name() + "' is given twice");
			}
		}
	}

	/**
	 * The provider with this name.
	 * @param name its name
	 * @return the provider
	 * @throws IllegalArgumentException when no provider has this name
	 */
	public ProviderProperties get(String name) {
		ProviderProperties provider = this.byName.get(name);
		if (provider == null) {
			throw new IllegalArgumentException("Unknown provider '" + name + "'; configured: " + names());
		}
		return provider;
	}

	/**
	 * The provider of a run: its {@value #PARAMETER} parameter, or the first configured
	 * provider for a run launched before providers were a parameter.
	 * @param parameters the run's parameters
	 * @return the provider
	 */
	public ProviderProperties of(JobParameters parameters) {
		String name = parameters.getString(PARAMETER);
		return (name != null) ? get(name) : first();
	}

	/**
	 * The first provider: the one runs without a provider parameter belong to.
	 * @return the provider
	 */
	public ProviderProperties first() {
		return this.byName.values().iterator().next();
	}

	/**
	 * The names, in configuration order.
	 * @return the names
	 */
	public List<String> names() {
		return List.copyOf(this.byName.keySet());
	}

	/**
	 * Whether more than one provider is configured.
	 * @return {@code true} for several
	 */
	public boolean several() {
		return this.byName.size() > 1;
	}

}
