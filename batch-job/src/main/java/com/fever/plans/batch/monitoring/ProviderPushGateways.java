package com.fever.plans.batch.monitoring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusProperties;
import org.springframework.boot.micrometer.metrics.export.prometheus.PrometheusPushGatewayManager;
import org.springframework.util.StringUtils;

import com.fever.plans.batch.history.ImportRuns;

/**
 * The one-shot transport: each provider this process imports gets its own Pushgateway
 * group, {@code job=<job>/provider=<name>} (plus any
 * {@code management.prometheus.metrics.export.pushgateway.grouping-key.*}), holding only
 * that provider's series ({@code provider="<name>"}), pushed by a Spring Boot
 * {@link PrometheusPushGatewayManager} configured from Boot's own Pushgateway properties
 * (address, scheme, format, job, credentials, push rate, shutdown operation).
 * <p>
 * Why not Boot's single manager: it pushes the whole registry to one group, and a PUT
 * replaces the group. With several providers that either merges them (the Pushgateway
 * rewrites a label of the grouping key on every series of the group, so series of other
 * providers would be relabelled and collide) or lets a process that imported one provider
 * replace, with state it read at its start, the group of a provider that another process
 * imported since. Here a group is written only by a process that imported its provider,
 * and only after that import began, so it always holds the provider's latest run. Groups
 * are created as the provider's run starts: {@code --history} or a launch refused before
 * any run pushes nothing; an {@code importAllProviders} run pushes one group per provider
 * whose partition ran. Series of no single provider (the JVM, the connection pool,
 * {@code importAllProviders}' own timers, tagged {@code provider="all"}) are not pushed:
 * they describe a process that is gone.
 */
public class ProviderPushGateways implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ProviderPushGateways.class);

	private static final String FALLBACK_JOB = "spring";

	private final PrometheusRegistry registry;

	private final PrometheusProperties.Pushgateway properties;

	private final String job;

	private final ImportRuns runs;

	private final Map<String, PrometheusPushGatewayManager> managers = new ConcurrentHashMap<>();

	/**
	 * Creates the pushes.
	 * @param registry the registry whose series are pushed
	 * @param properties Boot's Pushgateway settings
	 * @param applicationName the job name when the settings give none
	 * @param runs the history (a run's provider)
	 */
	public ProviderPushGateways(PrometheusRegistry registry, PrometheusProperties.Pushgateway properties,
			String applicationName, ImportRuns runs) {
		this.registry = registry;
		this.properties = properties;
		this.job = (properties.getJob() != null) ? properties.getJob()
				: (applicationName != null) ? applicationName : FALLBACK_JOB;
		this.runs = runs;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		this.managers.computeIfAbsent(this.runs.providerOf(execution), this::manager);
	}

	/**
	 * The providers this process pushes a group for.
	 * @return their names, sorted
	 */
	public Set<String> providers() {
		return new TreeSet<>(this.managers.keySet());
	}

	/**
	 * Stops the periodic pushes and runs each group's shutdown operation (by default a
	 * PUT of the provider's last state).
	 */
	public void shutdown() {
		this.managers.values().forEach(PrometheusPushGatewayManager::shutdown);
	}

	private PrometheusPushGatewayManager manager(String provider) {
		logger.info("Metrics of provider {} go to the Pushgateway {}, group job={}/provider={}", provider,
				this.properties.getAddress(), this.job, provider);
		PushGateway.Builder builder = PushGateway.builder()
			.address(this.properties.getAddress())
			.scheme((this.properties.getScheme() == PrometheusProperties.Pushgateway.Scheme.HTTPS) ? Scheme.HTTPS
					: Scheme.HTTP)
			.format((this.properties.getFormat() == PrometheusProperties.Pushgateway.Format.PROTOBUF)
					? Format.PROMETHEUS_PROTOBUF : Format.PROMETHEUS_TEXT)
			.job(this.job)
			.registry(onlyProvider(provider));
		if (StringUtils.hasText(this.properties.getToken())) {
			builder.bearerToken(this.properties.getToken());
		}
		else if (StringUtils.hasText(this.properties.getUsername())) {
			builder.basicAuth(this.properties.getUsername(), this.properties.getPassword());
		}
		this.properties.getGroupingKey().forEach(builder::groupingKey);
		builder.groupingKey(ImportMonitor.PROVIDER_TAG, provider);
		return new PrometheusPushGatewayManager(builder.build(), this.properties.getPushRate(),
				this.properties.getShutdownOperation());
	}

	/** A registry whose scrape is the provider's series of the application's. */
	private PrometheusRegistry onlyProvider(String provider) {
		PrometheusRegistry view = new PrometheusRegistry();
		view.register(() -> only(this.registry.scrape(), provider));
		return view;
	}

	/**
	 * The series labelled {@code provider="<provider>"}.
	 * @param all every series
	 * @param provider the provider
	 * @return the provider's series
	 */
	static MetricSnapshots only(MetricSnapshots all, String provider) {
		List<MetricSnapshot> kept = new ArrayList<>();
		for (MetricSnapshot metric : all) {
			List<DataPointSnapshot> points = metric.getDataPoints()
				.stream()
				.filter((point) -> provider.equals(point.getLabels().get(ImportMonitor.PROVIDER_TAG)))
				.map(DataPointSnapshot.class::cast)
				.toList();
			if (!points.isEmpty()) {
				kept.add(withDataPoints(metric, points));
			}
		}
		return new MetricSnapshots(kept);
	}

	/** The snapshot with these of its data points (the model has one class per type). */
	@SuppressWarnings("unchecked")
	private static MetricSnapshot withDataPoints(MetricSnapshot metric, List<? extends DataPointSnapshot> points) {
		Collection<?> raw = points;
		if (metric instanceof CounterSnapshot) {
			return new CounterSnapshot(metric.getMetadata(),
					(Collection<CounterSnapshot.CounterDataPointSnapshot>) raw);
		}
		if (metric instanceof GaugeSnapshot) {
			return new GaugeSnapshot(metric.getMetadata(), (Collection<GaugeSnapshot.GaugeDataPointSnapshot>) raw);
		}
		if (metric instanceof HistogramSnapshot histogram) {
			return new HistogramSnapshot(histogram.isGaugeHistogram(), metric.getMetadata(),
					(Collection<HistogramSnapshot.HistogramDataPointSnapshot>) raw);
		}
		if (metric instanceof SummarySnapshot) {
			return new SummarySnapshot(metric.getMetadata(),
					(Collection<SummarySnapshot.SummaryDataPointSnapshot>) raw);
		}
		if (metric instanceof InfoSnapshot) {
			return new InfoSnapshot(metric.getMetadata(), (Collection<InfoSnapshot.InfoDataPointSnapshot>) raw);
		}
		if (metric instanceof StateSetSnapshot) {
			return new StateSetSnapshot(metric.getMetadata(),
					(Collection<StateSetSnapshot.StateSetDataPointSnapshot>) raw);
		}
		return new UnknownSnapshot(metric.getMetadata(), (Collection<UnknownSnapshot.UnknownDataPointSnapshot>) raw);
	}

}
