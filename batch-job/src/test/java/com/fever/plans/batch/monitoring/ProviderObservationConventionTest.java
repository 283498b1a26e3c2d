package com.fever.plans.batch.monitoring;

import java.net.URI;
import java.util.List;

import io.micrometer.observation.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.batch.test.MetaDataInstanceFactory;

import com.fever.plans.batch.feed.ProviderProperties;
import com.fever.plans.batch.provider.Providers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which provider the convention gives Spring Batch's observations: the running import's,
 * the first provider's for a run from before the provider was a parameter, {@code all}
 * outside an import run.
 */
class ProviderObservationConventionTest {

	private final ProviderObservationConvention convention = new ProviderObservationConvention(
			new Providers(List.of(provider("alpha"), provider("beta"))));

	@AfterEach
	void releaseJobs() {
		while (JobSynchronizationManager.getContext() != null) {
			JobSynchronizationManager.release();
		}
	}

	@Test
	void onlySpringBatchsObservationsWithARunAreTagged() {
		assertThat(this.convention.supportsContext(context("spring.batch.job"))).isTrue();
		assertThat(this.convention.supportsContext(context("spring.batch.step"))).isTrue();
		assertThat(this.convention.supportsContext(context("spring.batch.chunk.write"))).isTrue();
		assertThat(this.convention.supportsContext(context("spring.batch.job.launch.count"))).isFalse();
		assertThat(this.convention.supportsContext(context("http.server.requests"))).isFalse();
	}

	@Test
	void theProviderIsTheInnermostImportRunsOnThisThread() {
		assertThat(provider()).as("no run").isEqualTo("all");
		JobSynchronizationManager.register(MetaDataInstanceFactory.createJobExecution("importAllProviders", 1L, 1L,
				new JobParametersBuilder().addLong("run.id", 1L).toJobParameters()));
		assertThat(provider()).as("importAllProviders itself").isEqualTo("all");
		JobSynchronizationManager.register(MetaDataInstanceFactory.createJobExecution("importPlansJob", 2L, 2L,
				new JobParametersBuilder().addString(Providers.PARAMETER, "beta").toJobParameters()));
		assertThat(provider()).as("a partition's child run").isEqualTo("beta");
		JobSynchronizationManager.release();
		assertThat(provider()).as("back in the parent").isEqualTo("all");
		JobSynchronizationManager
			.register(MetaDataInstanceFactory.createJobExecution("importPlansJob", 3L, 3L, new JobParameters()));
		assertThat(provider()).as("a run without the parameter is the first provider's").isEqualTo("alpha");
	}

	private String provider() {
		return this.convention.getLowCardinalityKeyValues(context("spring.batch.job"))
			.stream()
			.filter((keyValue) -> keyValue.getKey().equals("provider"))
			.findFirst()
			.orElseThrow()
			.getValue();
	}

	private static Observation.Context context(String name) {
		Observation.Context context = new Observation.Context();
		context.setName(name);
		return context;
	}

	private static ProviderProperties provider(String name) {
		return new ProviderProperties(name, URI.create("http://127.0.0.1/" + name), null, null, null, null, null, null);
	}

}
