package com.fever.plans.batch.feed;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the job reaches the provider ({@code plans.provider.*}).
 *
 * @param name the provider's name, part of every plan's identity
 * @param url the feed's URL ({@code http:}, {@code https:} or {@code file:})
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long one read of the body may block
 * @param deadline how long the whole fetch may take, every retry included
 * @param maxSize the largest body accepted; more fails the fetch without retry
 * @param retry how failed attempts are retried
 * @param schedule this provider's own schedule in {@code --schedule} mode, or
 * {@code null} to follow {@code plans.schedule} with the others
 */
@ConfigurationProperties("plans.provider")
public record ProviderProperties(@DefaultValue("fever") String name,
		@DefaultValue("https://provider.code-challenge.feverup.com/api/events") URI url,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
		@DefaultValue("5m") Duration deadline, @DefaultValue("1GB") DataSize maxSize, @DefaultValue Retry retry,
		@Nullable Schedule schedule) {

	/**
	 * A provider's own schedule ({@code plans.providers[i].schedule.*}): the same
	 * settings as {@code plans.schedule}, for a provider that publishes on its own
	 * rhythm.
	 *
	 * @param interval the wait between the end of one of its imports and the next (when
	 * no cron expression is set; unset: {@code plans.schedule.interval})
	 * @param cron a Spring cron expression (six fields) for its imports
	 */
	public record Schedule(@Nullable Duration interval, @Nullable String cron) {

	}

	/**
	 * Retries of a failed fetch: exponential backoff with jitter, on I/O errors, 5xx, 429
	 * and broken payloads; never on other 4xx, an oversized body or a feed refused for
	 * security.
	 *
	 * @param maxAttempts attempts in all, the first included
	 * @param initialBackoff the first wait
	 * @param multiplier growth of the wait between attempts
	 * @param maxBackoff the longest wait
	 * @param maxRetryAfter the longest {@code Retry-After} honoured
	 */
	public record Retry(@DefaultValue("4") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
			@DefaultValue("2.0") double multiplier, @DefaultValue("30s") Duration maxBackoff,
			@DefaultValue("60s") Duration maxRetryAfter) {

	}

}
