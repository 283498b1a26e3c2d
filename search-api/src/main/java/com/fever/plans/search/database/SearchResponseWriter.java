package com.fever.plans.search.database;

import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;

import org.springframework.stereotype.Component;

/**
 * Writes the contract's success body, once per cache key, straight to UTF-8 bytes with
 * Jackson's streaming generator: no object mapping, no reflection, no intermediate tree.
 */
@Component
public class SearchResponseWriter {

	private static final JsonFactory JSON = JsonFactory.builder()
		// Prices stay as the provider wrote them (55.00), never as 5.5E+1.
		.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
		.build();

	private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

	// Always HH:mm:ss (ISO_LOCAL_TIME would drop ":00" seconds); a fraction only when
	// there
	// is one.
	private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendPattern("HH:mm:ss")
		.appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
		.toFormatter();

	private static final SerializableString DATA = new SerializedString("data");

	private static final SerializableString EVENTS = new SerializedString("events");

	private static final SerializableString ERROR = new SerializedString("error");

	private static final SerializableString ID = new SerializedString("id");

	private static final SerializableString TITLE = new SerializedString("title");

	private static final SerializableString START_DATE = new SerializedString("start_date");

	private static final SerializableString START_TIME = new SerializedString("start_time");

	private static final SerializableString END_DATE = new SerializedString("end_date");

	private static final SerializableString END_TIME = new SerializedString("end_time");

	private static final SerializableString MIN_PRICE = new SerializedString("min_price");

	private static final SerializableString MAX_PRICE = new SerializedString("max_price");

	/**
	 * Returns the generator factory every success body is written with (the snapshot
	 * renders its titles with it too, so that both paths write the same bytes).
	 * @return the shared factory
	 */
	public static JsonFactory jsonFactory() {
		return JSON;
	}

	/**
	 * Writes {@code {"data":{"events":[...]},"error":null}}.
	 * @param events the plans, in the order to send
	 * @return the UTF-8 body
	 */
	public byte[] write(List<EventRow> events) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 + events.size() * 220);
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeName(DATA);
			json.writeStartObject();
			json.writeName(EVENTS);
			json.writeStartArray();
			for (EventRow event : events) {
				writeEvent(json, event);
			}
			json.writeEndArray();
			json.writeEndObject();
			json.writeName(ERROR);
			json.writeNull();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void writeEvent(JsonGenerator json, EventRow event) {
		json.writeStartObject();
		json.writeName(ID);
		json.writeString(event.id().toString());
		json.writeName(TITLE);
		json.writeString(event.title());
		json.writeName(START_DATE);
		json.writeString(DATE.format(event.startsAt()));
		json.writeName(START_TIME);
		json.writeString(TIME.format(event.startsAt()));
		json.writeName(END_DATE);
		json.writeString(DATE.format(event.endsAt()));
		json.writeName(END_TIME);
		json.writeString(TIME.format(event.endsAt()));
		json.writeName(MIN_PRICE);
		if (event.minPrice() != null) {
			json.writeNumber(event.minPrice());
		}
		else {
			json.writeNull();
		}
		json.writeName(MAX_PRICE);
		if (event.maxPrice() != null) {
			json.writeNumber(event.maxPrice());
		}
		else {
			json.writeNull();
		}
		json.writeEndObject();
	}

}
