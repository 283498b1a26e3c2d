package com.fever.plans.batch.feed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import com.fever.plans.batch.staging.StagingOutput;

/**
 * Downloads the provider's feed to a staging file and checks it, retrying what is worth
 * retrying (Spring Framework's core retry, exponential backoff with jitter,
 * {@code Retry-After} honoured).
 * <p>
 * Every attempt has a connect and a read timeout; the whole fetch has a deadline,
 * enforced by a watchdog that disconnects a body trickling in too slowly for the read
 * timeout to notice. The body streams to disk through a SHA-256 digest and the feed's
 * check (one pass over the bytes), and more than {@code max-size} bytes stops it.
 */
public class FeedFetcher {

	private static final Logger logger = LoggerFactory.getLogger(FeedFetcher.class);

	private static final int BUFFER_SIZE = 64 * 1024;

	private final ProviderProperties properties;

	private final FeedValidator validator;

	private final Clock clock;

	public FeedFetcher(ProviderProperties properties, FeedValidator validator, Clock clock) {
		this.properties = properties;
		this.validator = validator;
		this.clock = clock;
	}

	/**
	 * Fetches the feed into {@code target}, replacing it only once the new payload is
	 * complete and valid.
	 * @param target the staging file
	 * @return what was fetched
	 * @throws FeedFetchException when every attempt failed, or one failed for good
	 */
	public FetchedFeed fetch(Path target) {
		Instant started = this.clock.instant();
		Instant deadline = started.plus(this.properties.deadline());
		ProviderProperties.Retry settings = this.properties.retry();
		AtomicInteger attempts = new AtomicInteger();
		AtomicReference<FeedFetchException> lastFailure = new AtomicReference<>();
		RetryTemplate retry = new RetryTemplate(new FetchRetryPolicy(settings, deadline, this.clock, lastFailure::get));
		try (Watchdog watchdog = new Watchdog()) {
			Attempt result = retry.execute(() -> {
				try {
					attempts.incrementAndGet();
					return attempt(target, deadline, watchdog);
				}
				catch (FeedFetchException ex) {
					logger.warn("Fetch attempt {} of {} failed: {}", attempts.get(), settings.maxAttempts(),
							ex.getMessage());
					lastFailure.set(ex);
					throw ex;
				}
			});
			Duration took = Duration.between(started, this.clock.instant());
			return new FetchedFeed(target, result.status, result.bytes, result.sha256, took, attempts.get(),
					result.basePlans);
		}
		catch (RetryException ex) {
			// Exhausted or interrupted: the caller sees the last attempt's own failure.
			Throwable last = ex.getLastException();
			if (last instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (last instanceof Error error) {
				throw error;
			}
			throw new FeedFetchException("Could not fetch " + this.properties.url() + ": " + ex.getMessage(), false,
					ex);
		}
	}

	private Attempt attempt(Path target, Instant deadline, Watchdog watchdog) {
		Duration left = Duration.between(this.clock.instant(), deadline);
		if (left.isNegative() || left.isZero()) {
			throw new FeedFetchException("Fetch deadline of " + this.properties.deadline() + " passed", false);
		}
		URI url = this.properties.url();
		Path part = target.resolveSibling(target.getFileName() + ".part");
		URLConnection connection = null;
		ScheduledFuture<?> alarm = null;
		AtomicBoolean timedOut = new AtomicBoolean();
		try {
			Files.createDirectories(target.toAbsolutePath().getParent());
			connection = url.toURL().openConnection();
			connection.setConnectTimeout((int) this.properties.connectTimeout().toMillis());
			connection.setReadTimeout((int) this.properties.readTimeout().toMillis());
			connection.setRequestProperty("Accept", "application/xml, text/xml;q=0.9");
			connection.setRequestProperty("User-Agent", "plans-batch-job");
			alarm = watchdog.disconnectAt(connection, left, timedOut);
			int status = 0;
			if (connection instanceof HttpURLConnection http) {
				status = http.getResponseCode();
				if (status < 200 || status > 299) {
					throw new ProviderHttpException(status, retryAfter(http.getHeaderField("Retry-After")),
							snippet(http));
				}
			}
			long declared = connection.getContentLengthLong();
			if (declared > this.properties.maxSize().toBytes()) {
				throw tooLarge(declared);
			}
			MessageDigest digest = Sha256.newDigest();
			FeedValidator.Check validation = this.validator.start();
			try (CheckOnItsOwnThread<Long> check = new CheckOnItsOwnThread<>(BUFFER_SIZE, validation::feed,
					validation::finish)) {
				long bytes;
				try (InputStream in = connection.getInputStream();
						OutputStream out = new DigestOutputStream(StagingOutput.open(part), digest)) {
					bytes = copy(in, out, check);
				}
				if (timedOut.get()) {
					// The watchdog's disconnect can end the body like a normal end of
					// stream.
					throw deadlinePassed(null);
				}
				if (declared >= 0 && bytes != declared) {
					throw new InvalidFeedException(
							"Feed body is truncated: " + bytes + " of " + declared + " announced bytes arrived");
				}
				long basePlans = check.finish();
				Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				return new Attempt(status, bytes, Sha256.hex(digest), basePlans);
			}
		}
		catch (IOException ex) {
			if (timedOut.get()) {
				throw deadlinePassed(ex);
			}
			throw new FeedFetchException("Could not fetch " + url + ": " + ex, true, ex);
		}
		finally {
			if (alarm != null) {
				alarm.cancel(false);
			}
			if (connection instanceof HttpURLConnection http) {
				http.disconnect();
			}
			deleteQuietly(part);
		}
	}

	/**
	 * One pass over the bytes: each buffer goes to the SHA-256 digest, the staging file
	 * and the validator's parser (on its own thread) as it arrives.
	 */
	private long copy(InputStream in, OutputStream out, CheckOnItsOwnThread<?> check) throws IOException {
		long max = this.properties.maxSize().toBytes();
		byte[] buffer = new byte[BUFFER_SIZE];
		long total = 0;
		int read;
		while ((read = in.read(buffer)) != -1) {
			total += read;
			if (total > max) {
				throw tooLarge(total);
			}
			out.write(buffer, 0, read);
			check.feed(buffer, 0, read);
		}
		return total;
	}

	private FeedFetchException deadlinePassed(IOException cause) {
		return new FeedFetchException(
				"Fetch deadline of " + this.properties.deadline() + " passed while reading the provider's answer",
				false, cause);
	}

	private FeedFetchException tooLarge(long bytes) {
		return new FeedFetchException("Feed is larger than plans.provider.max-size (" + this.properties.maxSize()
				+ "): at least " + bytes + " bytes", false);
	}

	private static @Nullable Duration retryAfter(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime when = ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration wait = Duration.between(Instant.now(), when.toInstant());
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException unparsable) {
				return null;
			}
		}
	}

	private static String snippet(HttpURLConnection http) {
		try (InputStream error = http.getErrorStream()) {
			if (error == null) {
				return "";
			}
			String text = new String(error.readNBytes(200), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
			return text;
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.debug("Could not delete {}", file, ex);
		}
	}

	private record Attempt(int status, long bytes, String sha256, long basePlans) {

	}

	/**
	 * Retries retryable failures only, within the attempt limit (the backoff's) and
	 * before the deadline, waiting as {@link RetryAfterBackOff} says.
	 */
	private static final class FetchRetryPolicy implements RetryPolicy {

		private final Instant deadline;

		private final Clock clock;

		private final BackOff backOff;

		FetchRetryPolicy(ProviderProperties.Retry settings, Instant deadline, Clock clock,
				Supplier<@Nullable Throwable> lastFailure) {
			this.deadline = deadline;
			this.clock = clock;
			ExponentialBackOff exponential = new ExponentialBackOff(settings.initialBackoff().toMillis(),
					settings.multiplier());
			exponential.setMaxInterval(settings.maxBackoff().toMillis());
			// Up to half the first wait either way (scaled with the multiplier), so that
			// many clients failing together do not come back together.
			exponential.setJitter(settings.initialBackoff().toMillis() / 2);
			exponential.setMaxAttempts(settings.maxAttempts() - 1L);
			this.backOff = new RetryAfterBackOff(exponential, settings.maxRetryAfter(), lastFailure);
		}

		@Override
		public boolean shouldRetry(Throwable failure) {
			return failure instanceof FeedFetchException fetch && fetch.isRetryable()
					&& this.clock.instant().isBefore(this.deadline);
		}

		@Override
		public BackOff getBackOff() {
			return this.backOff;
		}

	}

	/**
	 * Disconnects a connection when the fetch deadline passes: a read timeout cannot
	 * catch a body that trickles in a byte at a time.
	 */
	private static final class Watchdog implements AutoCloseable {

		private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "feed-fetch-watchdog");
			thread.setDaemon(true);
			return thread;
		});

		ScheduledFuture<?> disconnectAt(URLConnection connection, Duration after, AtomicBoolean timedOut) {
			return this.scheduler.schedule(() -> {
				timedOut.set(true);
				if (connection instanceof HttpURLConnection http) {
					http.disconnect();
				}
			}, after.toMillis(), TimeUnit.MILLISECONDS);
		}

		@Override
		public void close() {
			this.scheduler.shutdownNow();
		}

	}

}
