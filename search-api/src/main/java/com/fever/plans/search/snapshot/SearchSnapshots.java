package com.fever.plans.search.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.fever.plans.search.config.SearchProperties;
import com.fever.plans.search.freshness.DataVersionListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Holds the current {@link EventSnapshot} and replaces it in the background when the data
 * changes.
 * <p>
 * A request reads {@link #current()} once and answers from that snapshot only, so every
 * answer is consistent, and never waits: a rebuild runs on its own thread and the new
 * snapshot replaces the old one with one volatile write. Rebuild requests that arrive
 * during a build are folded into one more build. A failed build (the database is away)
 * keeps the last snapshot and is retried with a growing pause until it succeeds.
 * <p>
 * When the table does not fit in {@code plans.search.snapshot-max-size}, or the budget is
 * 0, {@link #current()} is {@code null} and the search is answered from PostgreSQL as
 * before; health and metrics say so. Until the first snapshot is loaded the search is
 * answered from PostgreSQL too, and readiness reports "not ready".
 */
@Component
public class SearchSnapshots implements SmartLifecycle, DataVersionListener {

	private static final Logger logger = LoggerFactory.getLogger(SearchSnapshots.class);

	private static final long FIRST_RETRY_MILLIS = 100;

	/** Where the search is answered from. */
	public enum Mode {

		/** No snapshot yet: from PostgreSQL, not ready. */
		LOADING,
		/** From the in-memory snapshot. */
		SNAPSHOT,
		/** From PostgreSQL: the table does not fit the budget (or the budget is 0). */
		DATABASE

	}

	private final SnapshotBuilder builder;

	private final long budgetBytes;

	private final long maxRetryMillis;

	private final Timer rebuilds;

	private final List<SnapshotListener> listeners;

	private final AtomicLong wanted = new AtomicLong(Long.MIN_VALUE);

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private volatile EventSnapshot current;

	private volatile Mode mode;

	private volatile String reason = "";

	private volatile Duration lastBuild = Duration.ZERO;

	// The data version the last completed build read, whether it loaded a snapshot or
	// found the table too large.
	private volatile long settledVersion = Long.MIN_VALUE;

	private volatile ScheduledExecutorService executor;

	private long retryMillis = FIRST_RETRY_MILLIS;

	private boolean failing;

	public SearchSnapshots(DataSource dataSource, SearchProperties properties, MeterRegistry registry,
			List<SnapshotListener> listeners) {
		this.listeners = List.copyOf(listeners);
		this.budgetBytes = budget(properties);
		this.builder = new SnapshotBuilder(dataSource, this.budgetBytes);
		this.maxRetryMillis = Math.max(FIRST_RETRY_MILLIS, properties.listenerMaxBackoff().toMillis());
		this.mode = (this.budgetBytes > 0) ? Mode.LOADING : Mode.DATABASE;
		if (this.budgetBytes <= 0) {
			this.reason = "plans.search.snapshot-max-size is 0";
		}
		this.rebuilds = Timer.builder("plans.search.snapshot.builds")
			.description("Snapshot builds that succeeded, and how long they took")
			.register(registry);
		Gauge.builder("plans.search.snapshot.bytes", this, (s) -> (s.current != null) ? s.current.bytes() : 0)
			.baseUnit("bytes")
			.description("Memory held by the snapshot the search is answered from")
			.register(registry);
		Gauge.builder("plans.search.snapshot.budget", this, (s) -> s.budgetBytes)
			.baseUnit("bytes")
			.description("The snapshot's memory budget (plans.search.snapshot-max-size)")
			.register(registry);
		Gauge.builder("plans.search.snapshot.events", this, (s) -> (s.current != null) ? s.current.count() : 0)
			.description("Plans in the snapshot")
			.register(registry);
		Gauge
			.builder("plans.search.snapshot.data.version", this,
					(s) -> (s.current != null) ? s.current.dataVersion() : -1)
			.description("data_version the snapshot was read at")
			.register(registry);
		Gauge
			.builder("plans.search.snapshot.age", this,
					(s) -> (s.current != null)
							? Duration.between(s.current.builtAt(), Instant.now()).toMillis() / 1000.0 : -1)
			.baseUnit("seconds")
			.description("Time since the snapshot was built")
			.register(registry);
		Gauge.builder("plans.search.snapshot.active", this, (s) -> (s.mode == Mode.SNAPSHOT) ? 1 : 0)
			.description("1 when searches are answered from the snapshot, 0 when from PostgreSQL")
			.register(registry);
	}

	private static long budget(SearchProperties properties) {
		if (properties.snapshotMaxSize() != null) {
			return properties.snapshotMaxSize().toBytes();
		}
		// A rebuild holds the old and the new snapshot at once: a quarter of the heap
		// each leaves half for requests.
		return Runtime.getRuntime().maxMemory() / 4;
	}

	/**
	 * Returns the snapshot to answer from.
	 * @return the snapshot, or {@code null} to answer from PostgreSQL
	 */
	public EventSnapshot current() {
		return this.current;
	}

	public Mode mode() {
		return this.mode;
	}

	/**
	 * Tells why the search is answered from PostgreSQL, when it is.
	 * @return the reason, empty otherwise
	 */
	public String reason() {
		return this.reason;
	}

	public long budgetBytes() {
		return this.budgetBytes;
	}

	public Duration lastBuild() {
		return this.lastBuild;
	}

	/**
	 * Tells whether answers reflect at least a data version: a build has read it (and
	 * loaded it, or found it too large for the budget), or snapshots are disabled.
	 * @param version the version
	 * @return {@code true} when answers are at least that fresh
	 */
	public boolean isAtLeast(long version) {
		return this.budgetBytes <= 0 || this.settledVersion >= version;
	}

	@Override
	public void dataVersionChanged(long version) {
		this.wanted.accumulateAndGet(version, Math::max);
		schedule(0);
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "plans-snapshot-builder");
			thread.setDaemon(true);
			return thread;
		});
		if (this.budgetBytes > 0) {
			schedule(0);
		}
	}

	private void schedule(long delayMillis) {
		ScheduledExecutorService executor = this.executor;
		if (this.budgetBytes <= 0 || executor == null) {
			return;
		}
		if (this.scheduled.compareAndSet(false, true)) {
			executor.schedule(this::build, delayMillis, TimeUnit.MILLISECONDS);
		}
	}

	private void build() {
		this.scheduled.set(false);
		EventSnapshot loaded = this.current;
		if (loaded != null && this.mode == Mode.SNAPSHOT && loaded.dataVersion() >= this.wanted.get()) {
			return;
		}
		long started = System.nanoTime();
		try {
			EventSnapshot snapshot = this.builder.build();
			this.lastBuild = Duration.ofNanos(System.nanoTime() - started);
			this.rebuilds.record(this.lastBuild);
			this.current = snapshot;
			replaced(snapshot);
			this.mode = Mode.SNAPSHOT;
			this.reason = "";
			this.settledVersion = snapshot.dataVersion();
			logger.info("Search snapshot of data version {} loaded: {} plans, {} bytes ({} per plan), built in {} ms",
					snapshot.dataVersion(), snapshot.count(), snapshot.bytes(),
					(snapshot.count() > 0) ? snapshot.bytes() / snapshot.count() : 0, this.lastBuild.toMillis());
			recovered();
		}
		catch (SnapshotUnfitException ex) {
			this.current = null;
			replaced(null);
			this.mode = Mode.DATABASE;
			this.reason = "the table does not fit the snapshot: " + ex.getMessage();
			this.settledVersion = ex.dataVersion();
			logger.warn("Search answered from PostgreSQL: {} (plans.search.snapshot-max-size = {} bytes)", this.reason,
					this.budgetBytes);
			recovered();
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn("Cannot build the search snapshot, {}; retrying: {}",
						(this.current != null) ? "still answering from data version " + this.current.dataVersion()
								: "answering from PostgreSQL meanwhile",
						rootMessage(ex));
				this.failing = true;
			}
			long delay = this.retryMillis;
			this.retryMillis = Math.min(this.retryMillis * 2, this.maxRetryMillis);
			schedule(delay);
			return;
		}
		// A change seen during the build may be newer than what the build read.
		if (this.mode == Mode.SNAPSHOT && this.wanted.get() > this.current.dataVersion()) {
			schedule(0);
		}
	}

	private void replaced(EventSnapshot snapshot) {
		for (SnapshotListener listener : this.listeners) {
			listener.snapshotReplaced(snapshot);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root == ex) ? String.valueOf(ex.getMessage()) : ex.getMessage() + ": " + root.getMessage();
	}

	private void recovered() {
		if (this.failing) {
			logger.info("Search snapshot built again");
		}
		this.failing = false;
		this.retryMillis = FIRST_RETRY_MILLIS;
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		this.executor = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
