package com.fever.plans.batch.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import com.fever.plans.batch.launch.JobProcess;
import com.fever.plans.batch.support.FakeProvider.Answer;
import com.fever.plans.batch.support.FakeProviders;
import com.fever.plans.batch.support.Feeds;
import com.fever.plans.batch.support.ImportIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job as a process, reporting like a service: in {@code --schedule} mode Actuator on
 * the management port (health with each provider's last run, {@code /actuator/prometheus}
 * with Spring Batch's metrics and the import's gauges, one series per provider); in
 * one-shot mode the metrics pushed, at exit, to a loopback HTTP server standing in for
 * the Pushgateway, one group per imported provider, and no web server started. Every
 * series the committed dashboard and alert rules use for the job
 * ({@code deploy/monitoring/exported-series.txt}, checked against them by
 * {@code .ci/check_monitoring.py}) must be in the real scrape.
 */
class MonitoringProcessTest extends ImportIntegrationTest {

	/** The series the dashboard and alert rules may use, per application. */
	static final Path EXPORTED_SERIES = Path.of("..", "deploy", "monitoring", "exported-series.txt");

	private static final Pattern LABEL = Pattern.compile("[{,]([a-zA-Z_][a-zA-Z0-9_]*)=\"");

	private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

	static final FakeProviders PROVIDERS = FakeProviders.named("alpha", "beta", "gamma");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Value("${spring.datasource.url}")
	private String url;

	@Value("${spring.datasource.username}")
	private String username;

	@Value("${spring.datasource.password:}")
	private String password;

	private Process job;

	private Path log;

	@BeforeEach
	void logFile() throws IOException {
		PROVIDERS.reset();
		this.log = Files.createTempFile("batch-job-monitoring-", ".log");
	}

	@AfterEach
	void stopJob() throws InterruptedException {
		if (this.job != null && this.job.isAlive()) {
			this.job.destroy();
			if (!this.job.waitFor(60, TimeUnit.SECONDS)) {
				this.job.destroyForcibly();
			}
		}
	}

	@Test
	void scheduleModeServesEachProvidersHealthAndSeriesOnTheManagementPort() throws Exception {
		PROVIDERS.get("alpha").always(Answer.xml(Feeds.answer(1)));
		PROVIDERS.get("beta").always(Answer.status(503, "down"));
		PROVIDERS.get("gamma").always(Answer.xml(Feeds.answer(2)));
		int port = freePort();
		Map<String, String> env = new HashMap<>(PROVIDERS.environment());
		env.putAll(Map.of("MANAGEMENT_SERVER_PORT", Integer.toString(port), "PLANS_SCHEDULE_INTERVAL", "PT1H"));
		this.job = start(env, "--schedule");
		URI base = URI.create("http://127.0.0.1:" + port + "/actuator/");
		try {
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(500))
				.failFast("the job process exited", () -> !this.job.isAlive())
				.ignoreExceptions()
				.until(() -> Pattern.compile("\"ended\"").matcher(get(base.resolve("health"))).results().count() == 3);
		}
		catch (RuntimeException ex) {
			throw new AssertionError(ex.getMessage() + "; job output:\n" + Files.readString(this.log), ex);
		}
		String health = get(base.resolve("health"));
		assertThat(health).startsWith("{\"components\"")
			.containsPattern("\"alpha\":\\{\"details\":\\{\"executionId\":[0-9]+,\"status\":\"COMPLETED\"")
			.containsPattern("\"beta\":\\{\"details\":\\{\"executionId\":[0-9]+,\"status\":\"FAILED\"")
			.containsPattern("\"gamma\":\\{\"details\":\\{\"executionId\":[0-9]+,\"status\":\"COMPLETED\"")
			.as("one provider's failed run makes the job DOWN")
			.endsWith("\"status\":\"DOWN\"}");

		String scrape = get(base.resolve("prometheus"));
		// Kept for whoever updates the dashboard: what the job really exports.
		Files.writeString(Path.of("target", "batch-job-prometheus.txt"), scrape);
		for (String provider : PROVIDERS.names()) {
			boolean failed = provider.equals("beta");
			assertThat(scrape)
				.containsPattern("plans_import_last_run_failed\\{[^}]*provider=\"" + provider + "\"[^}]*} "
						+ (failed ? "1" : "0"))
				.containsPattern("plans_import_last_run_items_read\\{[^}]*provider=\"" + provider + "\"[^}]*} "
						+ (failed ? "0" : "[1-9]"))
				.containsPattern("plans_import_last_success_timestamp_seconds\\{[^}]*provider=\"" + provider
						+ "\"[^}]*} " + (failed ? "0" : "1\\.[0-9]+E9"))
				.containsPattern("plans_import_circuit_open\\{[^}]*provider=\"" + provider + "\"[^}]*} 0")
				.containsPattern("spring_batch_job_seconds_count\\{[^}]*provider=\"" + provider
						+ "\"[^}]*spring_batch_job_name=\"importPlansJob\"[^}]*spring_batch_job_status=\""
						+ (failed ? "FAILED" : "COMPLETED") + "\"[^}]*} 1");
		}
		assertThat(scrape).containsPattern(
				"spring_batch_job_seconds_count\\{[^}]*provider=\"all\"[^}]*spring_batch_job_name=\"importAllProviders\"[^}]*spring_batch_job_status=\"FAILED\"[^}]*} 1");
		assertThat(seriesNames(scrape)).as("series the dashboard and alert rules use for batch-job")
			.containsAll(expectedSeries("batch-job"));
		expectedLabels("batch-job").forEach((series, labels) -> assertThat(hasSampleWithLabels(scrape, series, labels))
			.as("%s has a sample labelled %s", series, labels)
			.isTrue());
	}

	@Test
	void oneShotRunsPushEachImportedProviderToItsOwnGroupOnly() throws Exception {
		PROVIDERS.get("alpha").always(Answer.xml(Feeds.answer(1)));
		PROVIDERS.get("beta").always(Answer.status(503, "down"));
		PROVIDERS.get("gamma").always(Answer.xml(Feeds.answer(2)));
		List<Push> pushes = new CopyOnWriteArrayList<>();
		HttpServer pushgateway = pushgateway(pushes);
		String group = "/metrics/job/plans-batch-job/provider/";
		try {
			Map<String, String> env = new HashMap<>(PROVIDERS.environment());
			env.put("MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_ADDRESS",
					"127.0.0.1:" + pushgateway.getAddress().getPort());
			this.job = start(env);
			assertThat(this.job.waitFor(120, TimeUnit.SECONDS)).as("the one-shot run exits").isTrue();
			String output = Files.readString(this.log);
			assertThat(this.job.exitValue()).as("beta failed; output:%n%s", output).isNotZero();
			Map<String, Push> groups = groups(pushes);
			assertThat(groups).as("groups pushed; output:%n%s", output)
				.containsOnlyKeys(group + "alpha", group + "beta", group + "gamma");
			for (String provider : PROVIDERS.names()) {
				Push last = groups.get(group + provider);
				assertThat(last.method()).isEqualTo("PUT");
				assertThat(last.body()).as("only %s's series in its group", provider)
					.containsPattern("plans_import_last_run_failed\\{[^}]*} " + (provider.equals("beta") ? "1" : "0"))
					.containsPattern("spring_batch_job_seconds_count\\{[^}]*spring_batch_job_status=\""
							+ (provider.equals("beta") ? "FAILED" : "COMPLETED") + "\"[^}]*} 1")
					.doesNotContainPattern("provider=\"(?!" + provider + "\")")
					.doesNotContain("jvm_");
			}
			Push alphaBefore = groups.get(group + "alpha");

			// beta alone, in a process of its own: only beta's group is written.
			int before = pushes.size();
			PROVIDERS.get("beta").always(Answer.xml(Feeds.answer(3)));
			this.job = start(env, "--provider=beta");
			assertThat(this.job.waitFor(120, TimeUnit.SECONDS)).as("the one-shot run exits").isTrue();
			assertThat(this.job.exitValue()).as(Files.readString(this.log)).isZero();
			List<Push> second = pushes.subList(before, pushes.size());
			assertThat(second).isNotEmpty().extracting(Push::path).containsOnly(group + "beta");
			Map<String, Push> after = groups(pushes);
			assertThat(after.get(group + "alpha")).as("alpha's last state stays").isEqualTo(alphaBefore);
			assertThat(after.get(group + "beta").body()).containsPattern("plans_import_last_run_failed\\{[^}]*} 0")
				.containsPattern("plans_import_last_success_timestamp_seconds\\{[^}]*} 1\\.[0-9]+E9");
		}
		finally {
			pushgateway.stop(0);
		}
	}

	/** Each group's last push, as the Pushgateway keeps it (a PUT replaces the group). */
	private static Map<String, Push> groups(List<Push> pushes) {
		Map<String, Push> groups = new TreeMap<>();
		pushes.forEach((push) -> groups.put(push.path(), push));
		return groups;
	}

	@Test
	void aOneShotRunPushesItsMetricsToThePushgatewayAndStartsNoWebServer() throws Exception {
		provider.enqueue(Answer.xml(Feeds.answer(1)));
		List<Push> pushes = new CopyOnWriteArrayList<>();
		HttpServer pushgateway = pushgateway(pushes);
		try {
			this.job = start(Map.of("MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_ADDRESS",
					"127.0.0.1:" + pushgateway.getAddress().getPort()));
			assertThat(this.job.waitFor(120, TimeUnit.SECONDS)).as("the one-shot run exits").isTrue();
			String output = Files.readString(this.log);
			assertThat(this.job.exitValue()).as(output).isZero();
			assertThat(output).doesNotContain("Tomcat started").doesNotContain("Tomcat initialized");
			assertThat(pushes).as("pushes received; job output:%n%s", output).isNotEmpty();
			Push last = pushes.get(pushes.size() - 1);
			assertThat(last.method()).isEqualTo("PUT");
			assertThat(last.path()).isEqualTo("/metrics/job/plans-batch-job/provider/fever");
			assertThat(last.body()).containsPattern(
					"spring_batch_job_seconds_count\\{[^}]*spring_batch_job_name=\"importPlansJob\"[^}]*spring_batch_job_status=\"COMPLETED\"[^}]*} 1")
				.containsPattern("plans_import_last_run_failed\\{[^}]*} 0")
				.containsPattern("plans_import_last_success_timestamp_seconds\\{[^}]*} 1\\.[0-9]+E9");
		}
		finally {
			pushgateway.stop(0);
		}
	}

	@Test
	void aFailedOneShotRunPushesItsFailure() throws Exception {
		provider.always(Answer.status(500, "provider down"));
		List<Push> pushes = new CopyOnWriteArrayList<>();
		HttpServer pushgateway = pushgateway(pushes);
		try {
			this.job = start(Map.of("MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_ADDRESS",
					"127.0.0.1:" + pushgateway.getAddress().getPort(), "PLANS_PROVIDER_RETRY_MAXATTEMPTS", "1"));
			assertThat(this.job.waitFor(120, TimeUnit.SECONDS)).as("the one-shot run exits").isTrue();
			String output = Files.readString(this.log);
			assertThat(this.job.exitValue()).as(output).isNotZero();
			assertThat(pushes).as("pushes received; job output:%n%s", output).isNotEmpty();
			assertThat(pushes.get(pushes.size() - 1).body())
				.containsPattern("spring_batch_job_seconds_count\\{[^}]*spring_batch_job_status=\"FAILED\"[^}]*} 1")
				.containsPattern("plans_import_last_run_failed\\{[^}]*} 1")
				.containsPattern("plans_import_last_success_timestamp_seconds\\{[^}]*} 0");
		}
		finally {
			pushgateway.stop(0);
		}
	}

	/** The metric names of a scrape (a histogram's _bucket, _count and _sum each). */
	static Set<String> seriesNames(String exposition) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = SERIES.matcher(exposition);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/** The series {@code exported-series.txt} lists for an application. */
	static Set<String> expectedSeries(String application) throws IOException {
		Set<String> names = new TreeSet<>(expectedLabels(application).keySet());
		assertThat(names).as("%s lists series for %s", EXPORTED_SERIES, application).isNotEmpty();
		return names;
	}

	/**
	 * The labels {@code exported-series.txt} lists for each series of an application
	 * (none where it lists none).
	 */
	static Map<String, Set<String>> expectedLabels(String application) throws IOException {
		Map<String, Set<String>> series = new TreeMap<>();
		for (String line : Files.readAllLines(EXPORTED_SERIES)) {
			String[] fields = line.strip().split("\\s+");
			if ((fields.length == 2 || fields.length == 3) && !fields[0].startsWith("#")
					&& fields[0].equals(application)) {
				series.put(fields[1], (fields.length == 3) ? Set.of(fields[2].split(",")) : Set.of());
			}
		}
		return series;
	}

	/** Whether the exposition has a sample of the series with all these labels. */
	static boolean hasSampleWithLabels(String exposition, String series, Set<String> labels) {
		return exposition.lines().filter((line) -> line.startsWith(series + "{")).anyMatch((line) -> {
			Set<String> names = new TreeSet<>();
			Matcher matcher = LABEL.matcher(line.substring(0, line.lastIndexOf('}') + 1));
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
			return names.containsAll(labels);
		});
	}

	private String get(URI uri) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

	private Process start(Map<String, String> env, String... args) throws IOException {
		Map<String, String> all = new HashMap<>(
				Map.of("SPRING_DATASOURCE_URL", this.url, "SPRING_DATASOURCE_USERNAME", this.username,
						"SPRING_DATASOURCE_PASSWORD", this.password, "PLANS_IMPORT_STAGINGDIR", stagingDir().toString(),
						"PLANS_PROVIDER_URL", provider.url().toString(), "PLANS_CIRCUITBREAKER_ENABLED", "false"));
		all.putAll(env);
		return JobProcess.start(this.log, all, List.of(), args);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * A loopback HTTP server recording what is pushed to it, answering as the Pushgateway
	 * does.
	 */
	private static HttpServer pushgateway(List<Push> pushes) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			try (exchange; InputStream body = exchange.getRequestBody()) {
				pushes.add(new Push(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
						new String(body.readAllBytes(), StandardCharsets.UTF_8)));
				exchange.sendResponseHeaders(200, -1);
			}
		});
		server.start();
		return server;
	}

	private record Push(String method, String path, String body) {

	}

}
