package com.fever.plans.batch.monitoring;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which transports the operator's settings switch on: a web server only with a management
 * port, the Pushgateway (one group per provider) as soon as its address is given.
 */
class MonitoringEnvironmentTest {

	@Test
	void withoutSettingsNothingIsSwitchedOn() {
		StandardEnvironment environment = environment(Map.of());
		assertThat(environment.getPropertySources().contains(MonitoringEnvironment.SOURCE_NAME)).isFalse();
	}

	@Test
	void aManagementPortStartsOneWebServerForActuatorOnLoopback() {
		StandardEnvironment environment = environment(Map.of("management.server.port", "8081"));
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("servlet");
		assertThat(environment.getProperty("server.port")).isEqualTo("-1");
		assertThat(environment.getProperty("management.server.port")).isEqualTo("8081");
		assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void aManagementAddressIsKept() {
		StandardEnvironment environment = environment(
				Map.of("management.server.port", "8081", "management.server.address", "0.0.0.0"));
		assertThat(environment.getProperty("management.server.address")).isEqualTo("0.0.0.0");
	}

	@Test
	void managementPortMinusOneStartsNoWebServer() {
		StandardEnvironment environment = environment(Map.of("management.server.port", "-1"));
		assertThat(environment.getProperty("spring.main.web-application-type")).isNull();
	}

	@Test
	void aPushgatewayAddressEnablesPushingPerProviderUnlessDisabled() {
		String address = MonitoringEnvironment.PUSHGATEWAY + "address";
		String enabled = MonitoringEnvironment.PUSHGATEWAY + "enabled";
		String perProvider = MonitoringEnvironment.PUSH_PER_PROVIDER;
		StandardEnvironment configured = environment(Map.of(address, "pushgateway:9091"));
		assertThat(configured.getProperty(perProvider)).isEqualTo("true");
		assertThat(configured.getProperty(enabled)).as("Boot's single-group manager stays off").isEqualTo("false");
		StandardEnvironment explicit = environment(Map.of(address, "pushgateway:9091", enabled, "true"));
		assertThat(explicit.getProperty(perProvider)).isEqualTo("true");
		assertThat(explicit.getProperty(enabled)).isEqualTo("false");
		StandardEnvironment disabled = environment(Map.of(address, "pushgateway:9091", enabled, "false"));
		assertThat(disabled.getProperty(perProvider)).isNull();
		assertThat(disabled.getProperty(enabled)).isEqualTo("false");
		assertThat(environment(Map.of()).getProperty(perProvider)).isNull();
		assertThat(configured.getProperty("spring.main.web-application-type")).as("pushing needs no web server")
			.isNull();
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new MonitoringEnvironment().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
