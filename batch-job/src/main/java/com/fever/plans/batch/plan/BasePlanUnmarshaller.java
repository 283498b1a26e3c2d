package com.fever.plans.batch.plan;

import java.util.Iterator;
import java.util.Map;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
import javax.xml.transform.Source;
import javax.xml.transform.stax.StAXSource;

import org.springframework.oxm.Unmarshaller;
import org.springframework.oxm.UnmarshallingFailureException;
import org.springframework.oxm.XmlMappingException;

/**
 * Maps a {@code <base_plan>} fragment straight from the StAX events that
 * {@code StaxEventItemReader} hands over: every attribute as the provider sent it (a
 * string), attributes without a field kept in {@code otherAttributes}, every
 * {@code <plan>} and {@code <zone>} in feed order (duplicates included), unknown elements
 * and text ignored, as the JAXB binding did.
 * <p>
 * Why not JAXB: binding by reflection through a fragment's event stream cost a fifth of
 * the import's CPU; this walks the same events once and allocates only the values.
 */
public class BasePlanUnmarshaller implements Unmarshaller {

	private static final String BASE_PLAN = "base_plan";

	private static final String PLAN = "plan";

	private static final String ZONE = "zone";

	@Override
	public boolean supports(Class<?> clazz) {
		return BasePlanXml.class.equals(clazz);
	}

	@Override
	public Object unmarshal(Source source) throws XmlMappingException {
		if (!(source instanceof StAXSource stax) || stax.getXMLEventReader() == null) {
			throw new UnmarshallingFailureException(
					"Expected a StAX event source (StaxEventItemReader), got " + source.getClass().getName());
		}
		try {
			return read(stax.getXMLEventReader());
		}
		catch (XMLStreamException ex) {
			throw new UnmarshallingFailureException("Cannot read a base_plan: " + ex.getMessage(), ex);
		}
	}

	private static BasePlanXml read(XMLEventReader events) throws XMLStreamException {
		BasePlanXml basePlan = null;
		PlanXml plan = null;
		int depth = 0;
		// Depth of an element this mapping does not know: everything inside it is
		// skipped.
		int skipping = 0;
		while (events.hasNext()) {
			XMLEvent event = events.nextEvent();
			if (event.isStartElement()) {
				depth++;
				if (skipping > 0) {
					continue;
				}
				StartElement element = event.asStartElement();
				String name = element.getName().getLocalPart();
				if (depth == 1 && BASE_PLAN.equals(name)) {
					basePlan = basePlan(element);
				}
				else if (depth == 2 && PLAN.equals(name)) {
					plan = plan(element);
					basePlan.plans.add(plan);
				}
				else if (depth == 3 && ZONE.equals(name) && plan != null) {
					plan.zones.add(zone(element));
				}
				else {
					skipping = depth;
				}
			}
			else if (event.isEndElement()) {
				if (skipping == depth) {
					skipping = 0;
				}
				else if (depth == 2) {
					plan = null;
				}
				depth--;
				if (depth == 0) {
					break;
				}
			}
		}
		if (basePlan == null) {
			throw new XMLStreamException("the fragment holds no <base_plan>");
		}
		return basePlan;
	}

	private static BasePlanXml basePlan(StartElement element) {
		BasePlanXml basePlan = new BasePlanXml();
		forEachAttribute(element, (name, value) -> {
			switch (name) {
				case "base_plan_id" -> basePlan.basePlanId = value;
				case "sell_mode" -> basePlan.sellMode = value;
				case "title" -> basePlan.title = value;
				case "organizer_company_id" -> basePlan.organizerCompanyId = value;
				default -> {
					return false;
				}
			}
			return true;
		}, basePlan.otherAttributes);
		return basePlan;
	}

	private static PlanXml plan(StartElement element) {
		PlanXml plan = new PlanXml();
		forEachAttribute(element, (name, value) -> {
			switch (name) {
				case "plan_id" -> plan.planId = value;
				case "plan_start_date" -> plan.startDate = value;
				case "plan_end_date" -> plan.endDate = value;
				case "sell_from" -> plan.sellFrom = value;
				case "sell_to" -> plan.sellTo = value;
				case "sold_out" -> plan.soldOut = value;
				default -> {
					return false;
				}
			}
			return true;
		}, plan.otherAttributes);
		return plan;
	}

	private static ZoneXml zone(StartElement element) {
		ZoneXml zone = new ZoneXml();
		forEachAttribute(element, (name, value) -> {
			switch (name) {
				case "zone_id" -> zone.zoneId = value;
				case "name" -> zone.name = value;
				case "capacity" -> zone.capacity = value;
				case "price" -> zone.price = value;
				case "numbered" -> zone.numbered = value;
				default -> {
					return false;
				}
			}
			return true;
		}, zone.otherAttributes);
		return zone;
	}

	/**
	 * Offers each attribute without a namespace to {@code known}; what it does not take
	 * (or what has a namespace) goes to {@code others}, as JAXB's
	 * {@code @XmlAnyAttribute} did.
	 */
	private static void forEachAttribute(StartElement element, KnownAttribute known, Map<QName, String> others) {
		Iterator<Attribute> attributes = element.getAttributes();
		while (attributes.hasNext()) {
			Attribute attribute = attributes.next();
			QName name = attribute.getName();
			boolean plain = name.getNamespaceURI() == null || name.getNamespaceURI().isEmpty();
			if (!plain || !known.take(name.getLocalPart(), attribute.getValue())) {
				others.put(name, attribute.getValue());
			}
		}
	}

	@FunctionalInterface
	private interface KnownAttribute {

		boolean take(String name, String value);

	}

}
