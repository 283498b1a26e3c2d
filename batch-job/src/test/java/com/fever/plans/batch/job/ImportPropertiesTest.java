package com.fever.plans.batch.job;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class ImportPropertiesTest {

	@Test
	void stagesInTheTemporaryDirectoryByDefault() {
		ImportProperties properties = bind(Map.of());

		assertThat(properties.stagingDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "plans-staging"));
		assertThat(properties.chunkSize()).isEqualTo(100);
	}

	@Test
	void stagesWhereConfigured() {
		assertThat(bind(Map.of("plans.import.staging-dir", "/var/lib/plans/staging")).stagingDir())
			.isEqualTo(Path.of("/var/lib/plans/staging"));
	}

	private static ImportProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("plans.import",
				ImportProperties.class);
	}

}
