package com.fever.plans.batch.settings;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import com.fever.plans.batch.feed.ProviderProperties;
import com.fever.plans.batch.job.ImportProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment variables of earlier versions still configure the job, with a
 * deprecation warning, below the new names and above {@code application.yml}. (That the
 * post-processor is registered and runs in the real process: {@code GracefulStopTest}
 * starts the job with {@code PROVIDER_URL}.)
 */
@ExtendWith(OutputCaptureExtension.class)
class LegacyEnvironmentNamesTest {

	private static final DeferredLogFactory LOGS = (destination) -> destination.get();

	@Test
	void anOldNameIsReadAsItsPropertyWithADeprecationWarning(CapturedOutput output) {
		StandardEnvironment environment = environment(
				Map.of("PROVIDER_URL", "http://old.example/feed", "PLANS_STAGING_DIR", "/var/old/staging"));

		new LegacyEnvironmentNames(LOGS).postProcessEnvironment(environment, null);

		assertThat(bind(environment, "plans.provider", ProviderProperties.class).url())
			.isEqualTo(URI.create("http://old.example/feed"));
		assertThat(bind(environment, "plans.import", ImportProperties.class).stagingDir())
			.isEqualTo(Path.of("/var/old/staging"));
		assertThat(output).contains(
				"Environment variable PROVIDER_URL is deprecated: rename it PLANS_PROVIDER_URL (property plans.provider.url)")
			.contains("Environment variable PLANS_STAGING_DIR is deprecated: rename it PLANS_IMPORT_STAGINGDIR "
					+ "(property plans.import.staging-dir)");
	}

	@Test
	void theNewNameWinsInAnyRelaxedForm(CapturedOutput output) {
		for (String newName : new String[] { "PLANS_PROVIDER_URL", "plans.provider.url" }) {
			StandardEnvironment environment = environment(
					Map.of("PROVIDER_URL", "http://old.example/feed", newName, "http://new.example/feed"));

			new LegacyEnvironmentNames(LOGS).postProcessEnvironment(environment, null);

			assertThat(bind(environment, "plans.provider", ProviderProperties.class).url())
				.isEqualTo(URI.create("http://new.example/feed"));
		}
		assertThat(output).contains("Environment variable PROVIDER_URL is deprecated and ignored: "
				+ "PLANS_PROVIDER_URL (property plans.provider.url) is set too");
	}

	@Test
	void anOldNameStillBeatsTheConfigurationFile() {
		StandardEnvironment environment = environment(Map.of("PLANS_STAGING_DIR", "/var/old/staging"));
		environment.getPropertySources()
			.addLast(new MapPropertySource("application.yml", Map.of("plans.import.staging-dir", "/tmp/default")));

		new LegacyEnvironmentNames(LOGS).postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("plans.import.staging-dir")).isEqualTo("/var/old/staging");
	}

	@Test
	void withoutOldNamesNothingChanges(CapturedOutput output) {
		StandardEnvironment environment = environment(Map.of("PLANS_PROVIDER_URL", "http://new.example/feed"));
		int sources = environment.getPropertySources().size();

		new LegacyEnvironmentNames(LOGS).postProcessEnvironment(environment, null);

		assertThat(environment.getPropertySources().size()).isEqualTo(sources);
		assertThat(output).doesNotContain("deprecated");
	}

	@Test
	void theNewNamesAreTheOnesSpringBootDocuments() {
		assertThat(LegacyEnvironmentNames.environmentName("plans.import.staging-dir"))
			.isEqualTo("PLANS_IMPORT_STAGINGDIR");
		assertThat(LegacyEnvironmentNames.environmentName("plans.provider.url")).isEqualTo("PLANS_PROVIDER_URL");
	}

	private static StandardEnvironment environment(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return environment;
	}

	private static <T> T bind(StandardEnvironment environment, String prefix, Class<T> type) {
		return Binder.get(environment).bindOrCreate(prefix, type);
	}

}
