package com.fever.plans.batch.partition;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.launch.RunLock;
import com.fever.plans.batch.support.FakeProvider;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.FakeProviders;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three providers, imported by the partitioned {@code importAllProviders} on local
 * threads: each has its own job instances, so history, restart, the "unchanged" check,
 * the circuit breaker and the run lock are per provider.
 */
@TestPropertySource(properties = { "plans.circuit-breaker.enabled=true", "plans.circuit-breaker.failure-threshold=2",
		"plans.circuit-breaker.cool-down=1h" })
class ThreeProvidersTest extends ImportIntegrationTest {

	static final FakeProviders PROVIDERS = FakeProviders.named("alpha", "beta", "gamma");

	static final FakeProvider alpha = PROVIDERS.get("alpha");

	static final FakeProvider beta = PROVIDERS.get("beta");

	static final FakeProvider gamma = PROVIDERS.get("gamma");

	@Autowired
	ImportRuns runs;

	@Autowired
	javax.sql.DataSource dataSource;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		PROVIDERS.register(registry);
	}

	@BeforeEach
	void resetProviders() {
		PROVIDERS.reset();
	}

	@Test
	void oneFailingProviderLeavesTheOthersCompleteAndARestartRunsOnlyIt() {
		// The same bytes for alpha and beta: "unchanged" compares with the provider's own
		// last import, so beta imports too.
		alpha.always(Answer.xml(Feeds.answer(1)));
		beta.always(Answer.xml(Feeds.answer(1)));
		gamma.always(Answer.status(503, "down"));

		assertThat(this.launcher.runDefault()).isEqualTo(ImportExitCode.FAILED);
		assertThat(this.runs.lastRuns("alpha", 10)).extracting(ImportRuns.Run::status).containsExactly("COMPLETED");
		assertThat(this.runs.lastRuns("beta", 10)).extracting(ImportRuns.Run::exitCode)
			.containsExactly("COMPLETED_WITH_SKIPS");
		assertThat(this.runs.lastRuns("gamma", 10)).extracting(ImportRuns.Run::status).containsExactly("FAILED");
		assertThat(eventsPerProvider()).containsExactlyInAnyOrderEntriesOf(Map.of("alpha", 3L, "beta", 3L));
		assertThat(partitions()).containsExactly(Map.entry("importProvider:alpha", "COMPLETED"),
				Map.entry("importProvider:beta", "COMPLETED"), Map.entry("importProvider:gamma", "FAILED"));

		// The restart of the parent runs only gamma's partition, restarting gamma's run
		// (same job instance); alpha and beta are not called again.
		gamma.always(Answer.xml(Feeds.answer(2)));
		long gammaInstance = this.runs.lastRuns("gamma", 1).get(0).instanceId();
		assertThat(this.launcher.restartDefault(null)).isEqualTo(ImportExitCode.COMPLETED);
		assertThat(alpha.requests()).isOne();
		assertThat(beta.requests()).isOne();
		assertThat(this.runs.lastRuns("alpha", 10)).hasSize(1);
		assertThat(this.runs.lastRuns("beta", 10)).hasSize(1);
		assertThat(this.runs.lastRuns("gamma", 10)).extracting(ImportRuns.Run::instanceId)
			.containsExactly(gammaInstance, gammaInstance);
		assertThat(this.runs.lastRuns("gamma", 10).get(0).status()).isEqualTo("COMPLETED");
		assertThat(eventsPerProvider()).containsEntry("alpha", 3L).containsEntry("beta", 3L).containsKey("gamma");
	}

	@Test
	void historyRestartAndCircuitArePerProvider() {
		gamma.always(Answer.status(503, "down"));
		assertThat(this.launcher.runOnce("gamma")).isEqualTo(ImportExitCode.FAILED);
		assertThat(this.launcher.runOnce("gamma")).isEqualTo(ImportExitCode.FAILED);
		assertThat(this.launcher.runOnce("gamma")).isEqualTo(ImportExitCode.CIRCUIT_OPEN);
		assertThat(gamma.requests()).isEqualTo(2);

		// Gamma's open circuit does not hold back alpha; alpha's runs are its own.
		alpha.always(Answer.xml(Feeds.answer(3)));
		assertThat(this.launcher.runOnce("alpha")).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		assertThat(this.launcher.runOnce("alpha")).isEqualTo(ImportExitCode.UNCHANGED);
		assertThat(this.runs.lastRuns("alpha", 10)).hasSize(2);
		assertThat(this.runs.lastRuns("gamma", 10)).hasSize(2);
		assertThat(this.runs.lastRuns(null, 10)).hasSize(4);

		// --restart --provider=alpha: alpha has no failed run, whatever gamma has.
		assertThat(this.launcher.restart("alpha", null)).isEqualTo(ImportExitCode.USAGE);
		gamma.always(Answer.xml(Feeds.answer(3)));
		assertThat(this.launcher.restart("gamma", null)).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		assertThat(this.runs.lastRuns("alpha", 10)).hasSize(2);

		assertThat(this.launcher.runOnce("nobody")).isEqualTo(ImportExitCode.USAGE);
	}

	@Test
	void theRunLockIsPerProvider() throws Exception {
		alpha.always(Answer.xml(Feeds.answer(1)));
		beta.always(Answer.xml(Feeds.answer(1)));
		try (RunLock.Held held = new RunLock(this.dataSource).tryAcquire("alpha")) {
			assertThat(held).isNotNull();
			assertThat(this.launcher.runOnce("alpha")).isEqualTo(ImportExitCode.ALREADY_RUNNING);
			assertThat(this.launcher.runOnce("beta")).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
		}
		assertThat(alpha.requests()).isZero();
		assertThat(this.launcher.runOnce("alpha")).isEqualTo(ImportExitCode.COMPLETED_WITH_SKIPS);
	}

	private Map<String, Long> eventsPerProvider() {
		Map<String, Long> counts = new java.util.TreeMap<>();
		this.jdbc.query("SELECT provider, count(*) FROM events GROUP BY provider",
				(org.springframework.jdbc.core.RowCallbackHandler) (rs) -> counts.put(rs.getString(1), rs.getLong(2)));
		return counts;
	}

	private List<Map.Entry<String, String>> partitions() {
		return this.jdbc.query("""
				SELECT STEP_NAME, STATUS FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'importProvider:%'
				ORDER BY STEP_NAME
				""", (rs, row) -> Map.entry(rs.getString(1), rs.getString(2)));
	}

}
