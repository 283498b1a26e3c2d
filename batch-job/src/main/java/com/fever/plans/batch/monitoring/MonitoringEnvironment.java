package com.fever.plans.batch.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches the monitoring transports on from the settings operators already know:
 * <ul>
 * <li>{@code management.server.port} set: the process runs one web server, Actuator's, on
 * that port and {@code management.server.address} (default loopback); the job itself
 * serves nothing. Without the port (a one-shot run from cron) no web server starts at
 * all.</li>
 * <li>{@code management.prometheus.metrics.export.pushgateway.address} (or
 * {@code base-url}) set: the metrics are pushed, unless
 * {@code management.prometheus.metrics.export.pushgateway.enabled} is explicitly
 * {@code false}, so configuring where the Pushgateway is is enough. They are pushed in
 * one group per provider ({@link ProviderPushGateways}, with Boot's Pushgateway
 * settings); Boot's own manager, which pushes one group for the whole process, is kept
 * off.</li>
 * </ul>
 */
public class MonitoringEnvironment implements EnvironmentPostProcessor, Ordered {

	/** The property source holding the derived settings. */
	static final String SOURCE_NAME = "plansMonitoring";

	static final String PUSHGATEWAY = "management.prometheus.metrics.export.pushgateway.";

	/** Switches {@link ProviderPushGateways} on. */
	static final String PUSH_PER_PROVIDER = "plans.monitoring.push-per-provider";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> derived = new LinkedHashMap<>();
		String port = environment.getProperty("management.server.port");
		// -1 is Boot's "no management endpoints over HTTP": no server then either.
		if (hasText(port) && !"-1".equals(port.strip())) {
			derived.put("spring.main.web-application-type", "servlet");
			// A web application context without a listener of its own (Boot's documented
			// server.port=-1): the job serves no endpoints; Actuator gets its own server
			// on the management port and address.
			derived.put("server.port", "-1");
			if (!hasText(environment.getProperty("management.server.address"))) {
				// Loopback unless told otherwise (0.0.0.0 in a container).
				derived.put("management.server.address", "127.0.0.1");
			}
		}
		if (!"false".equalsIgnoreCase(String.valueOf(environment.getProperty(PUSHGATEWAY + "enabled")).strip())
				&& (hasText(environment.getProperty(PUSHGATEWAY + "address"))
						|| hasText(environment.getProperty(PUSHGATEWAY + "base-url")))) {
			derived.put(PUSH_PER_PROVIDER, "true");
			// Boot's manager would push every provider's series to one group.
			derived.put(PUSHGATEWAY + "enabled", "false");
		}
		if (!derived.isEmpty()) {
			// First: these follow from the operator's own settings, whatever
			// application.yml says (it switches the web server off by default).
			environment.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME, derived));
		}
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	@Override
	public int getOrder() {
		// After the config data (application.yml, --args) and the legacy names are read.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
