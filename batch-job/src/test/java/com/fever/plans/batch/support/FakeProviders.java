package com.fever.plans.batch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Several named {@link FakeProvider}s configured as the job's providers
 * ({@code plans.providers[i].*}, in the order given), with short timeouts and one fetch
 * attempt, so a failing provider fails fast: for the tests of several providers, in the
 * test's application context or in a job process of their own.
 */
public final class FakeProviders {

	private final Map<String, FakeProvider> servers = new LinkedHashMap<>();

	private FakeProviders(List<String> names) throws IOException {
		for (String name : names) {
			this.servers.put(name, new FakeProvider());
		}
	}

	/**
	 * Starts one server per provider.
	 * @param names the providers' names
	 * @return the providers
	 */
	public static FakeProviders named(String... names) {
		try {
			return new FakeProviders(List.of(names));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public FakeProvider get(String name) {
		return this.servers.get(name);
	}

	public List<String> names() {
		return List.copyOf(this.servers.keySet());
	}

	/** Forgets every server's script and requests. */
	public void reset() {
		this.servers.values().forEach(FakeProvider::reset);
	}

	/**
	 * The providers' settings as properties ({@code plans.providers[i].name}, ...).
	 * @return the settings
	 */
	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		int i = 0;
		for (Map.Entry<String, FakeProvider> server : this.servers.entrySet()) {
			String prefix = "plans.providers[" + i++ + "].";
			properties.put(prefix + "name", server.getKey());
			properties.put(prefix + "url", server.getValue().url().toString());
			properties.put(prefix + "read-timeout", "2s");
			properties.put(prefix + "deadline", "5s");
			properties.put(prefix + "retry.max-attempts", "1");
		}
		return properties;
	}

	/**
	 * Adds the providers' settings to a test's application context.
	 * @param registry the test's properties
	 */
	public void register(DynamicPropertyRegistry registry) {
		properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * The providers' settings as a job process's environment
	 * ({@code PLANS_PROVIDERS_0_NAME}, ...: Spring Boot's binding of indexed lists).
	 * @return the variables
	 */
	public Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		properties().forEach((name, value) -> environment.put(
				name.replace("[", "_").replace("].", "_").replace(".", "_").replace("-", "").toUpperCase(Locale.ROOT),
				value));
		return environment;
	}

}
