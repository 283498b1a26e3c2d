package com.fever.plans.batch.plan;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import javax.xml.namespace.QName;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.fever.plans.batch.feed.Sha256;

/**
 * Turns one plan of the feed into a {@link PlanRow}, checking every value strictly: an
 * impossible date such as {@code 2021-09-31} is an error (never rolled over to October),
 * prices are exact decimals, flags are {@code true} or {@code false}. A broken value
 * throws {@link InvalidPlanException} with a message that names the attribute and the
 * value.
 */
public class PlanMapper {

	/** ISO local date-time with the STRICT resolver: day 31 of a 30-day month fails. */
	private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

	private static final String ONLINE = "online";

	private static final String NO_EXTRA_ATTRIBUTES = "{}";

	// The zone's property names, escaped once: two million zones would otherwise escape
	// each name again (a tenth of the load step's CPU).
	private static final SerializableString ZONE_ID = new SerializedString("zone_id");

	private static final SerializableString NAME = new SerializedString("name");

	private static final SerializableString CAPACITY = new SerializedString("capacity");

	private static final SerializableString PRICE = new SerializedString("price");

	private static final SerializableString NUMBERED = new SerializedString("numbered");

	private final String provider;

	private final JsonMapper json = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

	public PlanMapper(String provider) {
		this.provider = provider;
	}

	PlanRow map(BasePlanXml basePlan, PlanXml plan) {
		PlanIdentity identity = new PlanIdentity(this.provider, required(basePlan.basePlanId, "base_plan_id"),
				required(plan.planId, "plan_id"));
		String title = required(basePlan.title, "title");
		String sellMode = required(basePlan.sellMode, "sell_mode");
		LocalDateTime startsAt = dateTime(required(plan.startDate, "plan_start_date"), "plan_start_date");
		LocalDateTime endsAt = dateTime(required(plan.endDate, "plan_end_date"), "plan_end_date");
		if (endsAt.isBefore(startsAt)) {
			throw new InvalidPlanException(
					"plan_end_date '" + plan.endDate + "' is before plan_start_date '" + plan.startDate + "'");
		}
		LocalDateTime sellFrom = optionalDateTime(plan.sellFrom, "sell_from");
		LocalDateTime sellTo = optionalDateTime(plan.sellTo, "sell_to");
		Boolean soldOut = optionalBoolean(plan.soldOut, "sold_out");
		String organizer = blankToNull(basePlan.organizerCompanyId);

		StringWriter zones = new StringWriter(64 + 128 * plan.zones.size());
		BigDecimal min = null;
		BigDecimal max = null;
		try (JsonGenerator generator = this.json.createGenerator(zones)) {
			generator.writeStartArray();
			for (ZoneXml zone : plan.zones) {
				BigDecimal price = price(zone.price);
				min = (min == null || price.compareTo(min) < 0) ? price : min;
				max = (max == null || price.compareTo(max) > 0) ? price : max;
				writeZone(generator, zone, price);
			}
			generator.writeEndArray();
		}
		String zonesJson = zones.toString();
		String extraJson = extraAttributesJson(basePlan, plan);
		byte[] hash = contentHash(title, sellMode, startsAt, endsAt, sellFrom, sellTo, soldOut, organizer, zonesJson,
				extraJson);
		return new PlanRow(identity.stableId(), identity, title, sellMode, ONLINE.equals(sellMode), startsAt, endsAt,
				sellFrom, sellTo, soldOut, organizer, min, max, zonesJson, extraJson, hash);
	}

	/**
	 * One zone as a JSON object, streamed (no tree): the same bytes as the object node it
	 * replaces, so content hashes of stored rows stay valid.
	 */
	private static void writeZone(JsonGenerator generator, ZoneXml zone, BigDecimal price) {
		String zoneId = required(zone.zoneId, "zone_id");
		int capacity = capacity(zone.capacity);
		Boolean numbered = optionalBoolean(zone.numbered, "zone numbered");
		generator.writeStartObject();
		generator.writeName(ZONE_ID);
		generator.writeString(zoneId);
		generator.writeName(NAME);
		generator.writeString(zone.name);
		generator.writeName(CAPACITY);
		generator.writeNumber(capacity);
		generator.writeName(PRICE);
		generator.writeNumber(price);
		if (numbered != null) {
			generator.writeName(NUMBERED);
			generator.writeBoolean(numbered);
		}
		zone.otherAttributes.forEach((name, value) -> generator.writeStringProperty(name.toString(), value));
		generator.writeEndObject();
	}

	/**
	 * Attributes without a column; the feed has none today, so the usual answer is a
	 * constant.
	 */
	private String extraAttributesJson(BasePlanXml basePlan, PlanXml plan) {
		if (basePlan.otherAttributes.isEmpty() && plan.otherAttributes.isEmpty()) {
			return NO_EXTRA_ATTRIBUTES;
		}
		ObjectNode extra = this.json.createObjectNode();
		putAttributes(extra, "base_plan", basePlan.otherAttributes);
		putAttributes(extra, "plan", plan.otherAttributes);
		return this.json.writeValueAsString(extra);
	}

	private static void putAttributes(ObjectNode target, String element, Map<QName, String> attributes) {
		if (!attributes.isEmpty()) {
			ObjectNode node = target.putObject(element);
			attributes.forEach((name, value) -> node.put(name.toString(), value));
		}
	}

	private static byte[] contentHash(Object... parts) {
		MessageDigest digest = Sha256.newDigest();
		for (Object part : parts) {
			digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
			// A separator that cannot appear in the parts keeps ("ab","c") apart from
			// ("a","bc").
			digest.update((byte) 0);
		}
		return digest.digest();
	}

	private static String required(String value, String attribute) {
		String trimmed = blankToNull(value);
		if (trimmed == null) {
			throw new InvalidPlanException(attribute + " is missing");
		}
		return trimmed;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static LocalDateTime dateTime(String value, String attribute) {
		try {
			return LocalDateTime.parse(value, LOCAL_DATE_TIME);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidPlanException(
					attribute + " '" + value + "' is not a valid local date-time (" + rootMessage(ex) + ")");
		}
	}

	private static LocalDateTime optionalDateTime(String value, String attribute) {
		String trimmed = blankToNull(value);
		return (trimmed != null) ? dateTime(trimmed, attribute) : null;
	}

	private static Boolean optionalBoolean(String value, String attribute) {
		String trimmed = blankToNull(value);
		if (trimmed == null) {
			return null;
		}
		return switch (trimmed) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> throw new InvalidPlanException(attribute + " '" + value + "' is neither true nor false");
		};
	}

	private static BigDecimal price(String value) {
		String trimmed = required(value, "zone price");
		try {
			BigDecimal price = new BigDecimal(trimmed);
			if (price.signum() < 0) {
				throw new InvalidPlanException("zone price '" + value + "' is negative");
			}
			return price;
		}
		catch (NumberFormatException ex) {
			throw new InvalidPlanException("zone price '" + value + "' is not a decimal number");
		}
	}

	private static int capacity(String value) {
		String trimmed = required(value, "zone capacity");
		try {
			int capacity = Integer.parseInt(trimmed);
			if (capacity < 0) {
				throw new InvalidPlanException("zone capacity '" + value + "' is negative");
			}
			return capacity;
		}
		catch (NumberFormatException ex) {
			throw new InvalidPlanException("zone capacity '" + value + "' is not a whole number");
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause.getMessage();
	}

}
