package com.fever.plans.search.config;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the search API ({@code plans.search.*}).
 *
 * @param zone the zone in which the provider's offset-less wall-clock times (and query
 * date-times given without an offset) are read
 * @param cacheMaxSize upper bound of the response cache, counted in bytes of cached
 * bodies
 * @param cacheControl the {@code Cache-Control} header value sent with search results
 * @param pollInterval how often {@code data_version} is polled, the fallback when a
 * {@code NOTIFY} is missed
 * @param queryTimeout server-side statement timeout of the search query
 * @param failFastWindow after a database failure, how long uncached searches fail at once
 * instead of waiting for a connection again
 * @param maxParameterLength the longest query parameter value accepted
 * @param listenerMaxBackoff the longest pause between attempts to re-open the
 * {@code LISTEN} connection, and between attempts to rebuild the snapshot after a failure
 * @param snapshotMaxSize memory budget of the in-memory snapshot the search is answered
 * from; {@code 0} answers every search from PostgreSQL; unset: a quarter of the maximum
 * heap
 * @param cacheMaxBody the largest answer kept in the response cache; larger ones are
 * streamed from the snapshot on every request
 * @param plainCacheMaxSize upper bound, in bytes, of the plain (uncompressed) answers
 * from the snapshot kept ready to send (direct memory, outside the heap); {@code 0} keeps
 * none
 */
@ConfigurationProperties("plans.search")
public record SearchProperties(@DefaultValue("UTC") ZoneId zone, @DefaultValue("64MB") DataSize cacheMaxSize,
		@DefaultValue("public, max-age=5") String cacheControl, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("2s") Duration queryTimeout, @DefaultValue("1s") Duration failFastWindow,
		@DefaultValue("64") int maxParameterLength, @DefaultValue("5s") Duration listenerMaxBackoff,
		DataSize snapshotMaxSize, @DefaultValue("4MB") DataSize cacheMaxBody,
		@DefaultValue("64MB") DataSize plainCacheMaxSize) {

}
