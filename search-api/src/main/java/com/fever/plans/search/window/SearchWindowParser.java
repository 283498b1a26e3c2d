package com.fever.plans.search.window;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Map;

import com.fever.plans.search.config.SearchProperties;

import org.springframework.stereotype.Component;

/**
 * Turns the raw query parameters into a {@link SearchWindow}, or says precisely what is
 * wrong with them.
 * <p>
 * Parameters other than {@code starts_at} and {@code ends_at} are ignored, as HTTP APIs
 * commonly do: a cache-buster ({@code _=1700000000}) or a tracking parameter
 * ({@code utm_source}) must not break a client, and since the window alone is the cache
 * key, they never split the cache either.
 * <p>
 * A date-time with an offset ({@code Z}, {@code +02:00}) is an instant and is converted
 * to the wall-clock time of the configured zone, the time the events are stored in. A
 * date-time without an offset is read as a wall-clock time of that same zone, so it is
 * compared with the provider's times as given.
 */
@Component
public class SearchWindowParser {

	static final String STARTS_AT = "starts_at";

	static final String ENDS_AT = "ends_at";

	// ISO-8601 / RFC 3339 date-time, offset optional; STRICT so that 2021-09-31 is an
	// error
	// and not silently the 30th.
	private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
		.optionalStart()
		.appendOffsetId()
		.optionalEnd()
		.toFormatter()
		.withChronology(IsoChronology.INSTANCE)
		.withResolverStyle(ResolverStyle.STRICT);

	// PostgreSQL's timestamp cannot hold every LocalDateTime: keep to plain four-digit
	// years.
	private static final int MIN_YEAR = 1;

	private static final int MAX_YEAR = 9999;

	private final ZoneId zone;

	private final int maxLength;

	public SearchWindowParser(SearchProperties properties) {
		this.zone = properties.zone();
		this.maxLength = properties.maxParameterLength();
	}

	/**
	 * Parses the request's parameters.
	 * @param parameters every query parameter with all its values, as the servlet gives
	 * them
	 * @return the normalized window
	 * @throws InvalidSearchException when a parameter is repeated, empty, too long, not a
	 * date-time, or the bounds are reversed
	 */
	public SearchWindow parse(Map<String, String[]> parameters) {
		LocalDateTime from = bound(STARTS_AT, parameters.get(STARTS_AT));
		LocalDateTime to = bound(ENDS_AT, parameters.get(ENDS_AT));
		if (from != null && to != null && from.isAfter(to)) {
			throw new InvalidSearchException("starts_at must not be after ends_at");
		}
		// The column has microsecond precision: round the bounds inwards so that a
		// sub-microsecond bound never lets the database round it outwards.
		return new SearchWindow((from != null) ? ceilToMicros(from) : null,
				(to != null) ? to.truncatedTo(ChronoUnit.MICROS) : null);
	}

	private LocalDateTime bound(String name, String[] values) {
		if (values == null || values.length == 0) {
			return null;
		}
		if (values.length > 1) {
			throw new InvalidSearchException(name + " is given " + values.length + " times; give it at most once");
		}
		String value = values[0];
		if (value.isEmpty()) {
			throw new InvalidSearchException(name + " is empty; omit it for an open bound or give a date-time such as "
					+ "2021-06-30T20:00:00Z");
		}
		if (value.length() > this.maxLength) {
			throw new InvalidSearchException(
					name + " is " + value.length() + " characters long; a date-time has at most " + this.maxLength);
		}
		// An unencoded "+" in a query string arrives as a space ("...T22:00:00 02:00"): a
		// date-time never contains a space, so reading it as the "+" the client meant is
		// safe.
		LocalDateTime wallClock = toWallClock(name, value.replace(' ', '+'));
		if (wallClock.getYear() < MIN_YEAR || wallClock.getYear() > MAX_YEAR) {
			throw new InvalidSearchException(name + " must be between years " + MIN_YEAR + " and " + MAX_YEAR);
		}
		return wallClock;
	}

	private LocalDateTime toWallClock(String name, String value) {
		try {
			TemporalAccessor parsed = DATE_TIME.parse(value);
			LocalDateTime local = LocalDateTime.from(parsed);
			if (!parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
				return local;
			}
			ZoneOffset offset = ZoneOffset.from(parsed);
			return ZonedDateTime.ofInstant(local.toInstant(offset), this.zone).toLocalDateTime();
		}
		catch (DateTimeParseException ex) {
			throw new InvalidSearchException(name + " is not an ISO-8601 date-time such as 2021-06-30T20:00:00Z, "
					+ "2021-06-30T22:00:00+02:00 or 2021-06-30T20:00:00: '" + excerpt(value) + "'");
		}
		catch (DateTimeException ex) {
			throw new InvalidSearchException(name + " is out of range: '" + excerpt(value) + "'");
		}
	}

	private static LocalDateTime ceilToMicros(LocalDateTime time) {
		LocalDateTime truncated = time.truncatedTo(ChronoUnit.MICROS);
		return truncated.equals(time) ? time : truncated.plus(1, ChronoUnit.MICROS);
	}

	// Messages quote input back, but never more than a short, printable excerpt.
	private static String excerpt(String value) {
		String printable = value.codePoints()
			.limit(40)
			.map((c) -> (c < 0x20 || c == 0x7f) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return (value.length() > 40) ? printable + "..." : printable;
	}

}
