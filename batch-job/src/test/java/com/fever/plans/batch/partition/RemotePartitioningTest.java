package com.fever.plans.batch.partition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.fever.plans.batch.history.ImportRuns;
import com.fever.plans.batch.launch.ImportExitCode;
import com.fever.plans.batch.launch.JobProcess;
import com.fever.plans.batch.support.FakeProvider;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code importAllProviders} over RabbitMQ: this test's context is the manager
 * ({@code plans.partition.remote=true}), two worker processes ({@code --worker}, real
 * JVMs on this test's class path) share its PostgreSQL job repository. The result must
 * equal the same imports run locally; a worker killed with {@code kill -9} mid-partition
 * fails the manager within its timeout, and the restart completes only what is missing.
 * Skipped, with the reason, where RabbitMQ does not answer on 127.0.0.1:5672.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = { "plans.partition.remote=true", "plans.partition.timeout=15s",
		"plans.partition.poll-interval=200ms", "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=5672" })
class RemotePartitioningTest extends ImportIntegrationTest {

	private static final List<String> NAMES = List.of("alpha", "beta", "gamma");

	private static final List<FakeProvider> SERVERS = new ArrayList<>();

	/** A queue of this test's own: no other manager or worker on the broker sees it. */
	private static final String QUEUE = "plans.partitions.test-" + UUID.randomUUID();

	static {
		try {
			for (int i = 0; i < NAMES.size(); i++) {
				SERVERS.add(new FakeProvider());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private final List<Process> workers = new ArrayList<>();

	private final List<Path> logs = new ArrayList<>();

	@Autowired
	private ImportRuns runs;

	@Autowired
	private ConnectionFactory connectionFactory;

	private static void assumeRabbitMqAnswers() {
		boolean reachable;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 5672), 1000);
			reachable = true;
		}
		catch (IOException ex) {
			reachable = false;
		}
		assumeThat(reachable)
			.as("RabbitMQ does not answer on 127.0.0.1:5672: the remote partitioning tests are skipped "
					+ "(start one, e.g. docker compose up rabbitmq; CI has it)")
			.isTrue();
	}

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		registry.add("plans.partition.queue", () -> QUEUE);
		providerSettings().forEach((name, value) -> registry.add(name, () -> value));
	}

	/** The three providers' settings, as properties. */
	private static Map<String, String> providerSettings() {
		Map<String, String> settings = new HashMap<>();
		for (int i = 0; i < NAMES.size(); i++) {
			String prefix = "plans.providers[" + i + "].";
			settings.put(prefix + "name", NAMES.get(i));
			settings.put(prefix + "url", SERVERS.get(i).url().toString());
			settings.put(prefix + "read-timeout", "60s");
			settings.put(prefix + "deadline", "2m");
			settings.put(prefix + "retry.max-attempts", "1");
		}
		return settings;
	}

	/** Two workers for both tests (a JVM start is most of their time). */
	@BeforeAll
	void startTwoWorkers() throws IOException {
		assumeRabbitMqAnswers();
		startWorkers(2);
	}

	@AfterEach
	void resetProviders() {
		SERVERS.forEach(FakeProvider::reset);
	}

	@AfterAll
	void stopWorkers() throws Exception {
		for (Process worker : this.workers) {
			worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		new RabbitAdmin(this.connectionFactory).deleteQueue(QUEUE);
	}

	@Test
	@Order(1)
	void twoWorkersImportEveryProviderAsALocalRunWould() throws Exception {
		serve();

		assertThat(this.launcher.runDefault()).isEqualTo(ImportExitCode.COMPLETED);
		List<Map<String, Object>> remote = events();
		assertThat(partitions()).containsOnly("COMPLETED").hasSize(3);
		String workerLogs = workerLogs();
		assertThat(workerLogs).contains("Provider alpha: new import run", "Provider beta: new import run",
				"Provider gamma: new import run");

		// events() orders by plan, not provider: compare as sets.
		assertThat(remote).containsExactlyInAnyOrderElementsOf(localImport());
	}

	@Test
	@Order(2)
	void aWorkerKilledMidPartitionFailsTheManagerWithinItsTimeoutAndTheRestartCompletesOnlyWhatIsMissing()
			throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		SERVERS.get(0).always(Answer.xml(Feeds.answer(1)));
		SERVERS.get(1).always(Answer.xml(Feeds.answer(2)));
		SERVERS.get(2).enqueue(Answer.heldUntil(release, Feeds.answer(3)));
		SERVERS.get(2).always(Answer.xml(Feeds.answer(3)));

		List<Long> logStarts = new ArrayList<>();
		for (Path log : this.logs) {
			logStarts.add(Files.size(log));
		}
		ExecutorService manager = Executors.newSingleThreadExecutor();
		try {
			Future<ImportExitCode> run = manager.submit(() -> this.launcher.runDefault());
			// gamma's worker is mid-partition (fetching): kill it.
			await().atMost(Duration.ofSeconds(60)).until(() -> SERVERS.get(2).requests() == 1);
			int gammaWorker = workerRunning("gamma", logStarts);
			this.workers.get(gammaWorker).destroyForcibly().waitFor(30, TimeUnit.SECONDS);

			// The manager does not wait forever: its step fails after
			// plans.partition.timeout.
			assertThat(run.get(2, TimeUnit.MINUTES)).isEqualTo(ImportExitCode.FAILED);
		}
		finally {
			manager.shutdownNow();
			release.countDown();
		}
		assertThat(this.jdbc.queryForObject(
				"SELECT STATUS FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importProvider:gamma'", String.class))
			.isEqualTo("FAILED");
		Map<String, Integer> runsBefore = runsPerProvider();

		// The other worker is alive: it takes the restarted partitions.
		assertThat(this.launcher.restartDefault(null)).isEqualTo(ImportExitCode.COMPLETED);

		// Only what was missing ran again: gamma's killed run, restarted (same instance);
		// a provider that had completed has no new run.
		List<ImportRuns.Run> gamma = this.runs.lastRuns("gamma", 10);
		assertThat(gamma.get(0).status()).isEqualTo("COMPLETED");
		assertThat(gamma).extracting(ImportRuns.Run::instanceId).containsOnly(gamma.get(0).instanceId());
		for (String name : List.of("alpha", "beta")) {
			if (this.runs.lastRuns(name, 10).get(0).status().equals("COMPLETED") && runsBefore.get(name) > 0
					&& this.runs.lastRuns(name, 10).size() == runsBefore.get(name)) {
				continue;
			}
			// This provider's partition was lost with the killed worker too: restarted.
			assertThat(this.runs.lastRuns(name, 10).get(0).status()).as(name).isEqualTo("COMPLETED");
		}
		assertThat(partitions()).containsOnly("COMPLETED");
		assertThat(events()).containsExactlyInAnyOrderElementsOf(localImport());
	}

	private void serve() {
		for (int i = 0; i < NAMES.size(); i++) {
			SERVERS.get(i).always(Answer.xml(Feeds.answer(i + 1)));
		}
	}

	/** The same feeds imported by this process, one provider after the other. */
	private List<Map<String, Object>> localImport() {
		this.jdbc.execute("TRUNCATE events");
		serve();
		for (String name : NAMES) {
			assertThat(this.launcher.runOnce(name)).isIn(ImportExitCode.COMPLETED, ImportExitCode.COMPLETED_WITH_SKIPS,
					ImportExitCode.UNCHANGED);
		}
		// "Unchanged" would skip a provider whose feed did not change: import afresh.
		this.jdbc.execute("""
				TRUNCATE events, import_rejects, import_staging, BATCH_STEP_EXECUTION_CONTEXT, BATCH_STEP_EXECUTION,
				    BATCH_JOB_EXECUTION_CONTEXT, BATCH_JOB_EXECUTION_PARAMS, BATCH_JOB_EXECUTION, BATCH_JOB_INSTANCE
				""");
		for (String name : NAMES) {
			this.launcher.runOnce(name);
		}
		return events();
	}

	private Map<String, Integer> runsPerProvider() {
		Map<String, Integer> counts = new HashMap<>();
		for (String name : NAMES) {
			counts.put(name, this.runs.lastRuns(name, 10).size());
		}
		return counts;
	}

	private List<String> partitions() {
		// Each partition's latest step execution (a restart adds one to the failed ones).
		return this.jdbc.queryForList("""
				SELECT DISTINCT ON (STEP_NAME) STATUS FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'importProvider:%'
				ORDER BY STEP_NAME, STEP_EXECUTION_ID DESC
				""", String.class);
	}

	/** Starts the workers together (a JVM start is most of a test's time). */
	private void startWorkers(int count) throws IOException {
		List<Process> started = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			started.add(startWorker());
		}
		for (Process worker : started) {
			Path log = this.logs.get(this.workers.indexOf(worker));
			await().atMost(Duration.ofSeconds(120))
				.until(() -> !worker.isAlive() || Files.readString(log).contains("Partition worker listening"));
			assertThat(worker.isAlive()).as("worker started; its log:%n%s", Files.readString(log)).isTrue();
		}
	}

	private Process startWorker() throws IOException {
		Path log = Files.createTempFile("plans-worker-", ".log");
		Map<String, String> env = new HashMap<>();
		env.put("SPRING_DATASOURCE_URL", database().url());
		env.put("SPRING_DATASOURCE_USERNAME", database().username());
		env.put("SPRING_DATASOURCE_PASSWORD", database().password());
		env.put("PLANS_PARTITION_REMOTE", "true");
		env.put("PLANS_PARTITION_QUEUE", QUEUE);
		env.put("PLANS_IMPORT_STAGINGDIR", stagingDir().toString());
		env.put("PLANS_IMPORT_CHUNKSIZE", "2");
		env.put("PLANS_CIRCUITBREAKER_ENABLED", "false");
		env.put("SPRING_RABBITMQ_HOST", "127.0.0.1");
		providerSettings().forEach((name,
				value) -> env.put(name.replace("[", "_")
					.replace("].", "_")
					.replace('.', '_')
					.replace("-", "")
					.toUpperCase(java.util.Locale.ROOT), value));
		Process worker = JobProcess.start(log, env, List.of(), "--worker");
		this.workers.add(worker);
		this.logs.add(log);
		return worker;
	}

	/**
	 * Which worker launched the provider's import since its log had {@code from} bytes.
	 */
	private int workerRunning(String provider, List<Long> from) throws IOException {
		for (int i = 0; i < this.logs.size(); i++) {
			String log = Files.readString(this.logs.get(i));
			if (this.workers.get(i).isAlive() && log.substring((int) Math.min(from.get(i), log.length()))
				.contains("Provider " + provider + ": new import run")) {
				return i;
			}
		}
		throw new AssertionError("No worker runs provider " + provider);
	}

	private String workerLogs() throws IOException {
		StringBuilder all = new StringBuilder();
		for (Path log : this.logs) {
			all.append(Files.readString(log));
		}
		return all.toString();
	}

}
