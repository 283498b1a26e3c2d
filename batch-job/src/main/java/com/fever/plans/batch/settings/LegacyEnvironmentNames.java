package com.fever.plans.batch.settings;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Accepts the environment variables of earlier versions, which sat outside the
 * {@code plans.*} names ({@code PROVIDER_URL}, {@code PLANS_STAGING_DIR}), with a
 * deprecation warning: an old deployment keeps working and says what to rename.
 * <p>
 * An old name is read as its new property with the precedence of an environment variable,
 * just below the environment variables themselves: the new name (in any form Spring
 * Boot's relaxed binding accepts, e.g. {@code PLANS_PROVIDER_URL}) wins when both are
 * set, and either beats {@code application.yml}.
 */
public class LegacyEnvironmentNames implements EnvironmentPostProcessor, Ordered {

	/** The property source holding the old names under their new ones. */
	static final String SOURCE_NAME = "legacyEnvironmentNames";

	/** Old environment variable to the property it now is. */
	static final Map<String, String> RENAMED = Map.of("PROVIDER_URL", "plans.provider.url", "PLANS_STAGING_DIR",
			"plans.import.staging-dir");

	private final Log logger;

	public LegacyEnvironmentNames(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(LegacyEnvironmentNames.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		PropertySource<?> systemEnvironment = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (systemEnvironment == null) {
			return;
		}
		ConfigurationPropertySource relaxed = ConfigurationPropertySource.from(systemEnvironment);
		Map<String, Object> migrated = new LinkedHashMap<>();
		RENAMED.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((rename) -> {
			String oldName = rename.getKey();
			String property = rename.getValue();
			Object value = systemEnvironment.getProperty(oldName);
			if (value == null || value.toString().isBlank()) {
				return;
			}
			String newName = environmentName(property);
			if (relaxed != null && relaxed.getConfigurationProperty(ConfigurationPropertyName.of(property)) != null) {
				this.logger.warn("Environment variable " + oldName + " is deprecated and ignored: " + newName
						+ " (property " + property + ") is set too. Remove " + oldName + ".");
				return;
			}
			this.logger.warn("Environment variable " + oldName + " is deprecated: rename it " + newName + " (property "
					+ property + "). Read as " + property + " for now.");
			migrated.put(property, value);
		});
		if (!migrated.isEmpty()) {
			environment.getPropertySources()
				.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new MapPropertySource(SOURCE_NAME, migrated));
		}
	}

	/**
	 * The environment variable Spring Boot documents for a property: dots to underscores,
	 * dashes removed, upper case.
	 * @param property the property
	 * @return its environment variable
	 */
	static String environmentName(String property) {
		return property.replace('.', '_').replace("-", "").toUpperCase(java.util.Locale.ROOT);
	}

	/**
	 * After Spring Boot's own processing of the system environment, before the
	 * configuration files are read (their order does not matter to the result, as the
	 * source is placed by name).
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
