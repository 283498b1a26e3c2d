package com.fever.plans.batch.plan;

import java.util.Map;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.Source;
import javax.xml.transform.stax.StAXSource;

import org.springframework.oxm.Unmarshaller;
import org.springframework.oxm.UnmarshallingFailureException;
import org.springframework.oxm.XmlMappingException;

/**
 * Maps a {@code <base_plan>} fragment straight from the StAX cursor that
 * {@link BasePlanReader} hands over (positioned on the start tag; left on the end tag):
 * every attribute as the provider sent it (a string), attributes without a field kept in
 * {@code otherAttributes}, every {@code <plan>} and {@code <zone>} in feed order
 * (duplicates included), unknown elements and text ignored, as the JAXB binding did.
 * <p>
 * Why not JAXB: binding by reflection through a fragment's event stream cost a fifth of
 * the import's CPU; this walks the cursor once and allocates only the values.
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
		if (!(source instanceof StAXSource stax) || stax.getXMLStreamReader() == null) {
			throw new UnmarshallingFailureException(
					"Expected a StAX cursor source (BasePlanReader), got " + source.getClass().getName());
		}
		try {
			return read(stax.getXMLStreamReader());
		}
		catch (XMLStreamException ex) {
			throw new UnmarshallingFailureException("Cannot read a base_plan: " + ex.getMessage(), ex);
		}
	}

	private static BasePlanXml read(XMLStreamReader cursor) throws XMLStreamException {
		if (cursor.getEventType() != XMLStreamConstants.START_ELEMENT || !BASE_PLAN.equals(cursor.getLocalName())) {
			throw new XMLStreamException("the cursor is not on a <base_plan> start tag");
		}
		BasePlanXml basePlan = basePlan(cursor);
		PlanXml plan = null;
		int depth = 1;
		// Depth of an element this mapping does not know: everything inside it is
		// skipped.
		int skipping = 0;
		while (depth > 0) {
			int event = cursor.next();
			if (event == XMLStreamConstants.START_ELEMENT) {
				depth++;
				if (skipping > 0) {
					continue;
				}
				String name = cursor.getLocalName();
				if (depth == 2 && PLAN.equals(name)) {
					plan = plan(cursor);
					basePlan.plans.add(plan);
				}
				else if (depth == 3 && ZONE.equals(name) && plan != null) {
					plan.zones.add(zone(cursor));
				}
				else {
					skipping = depth;
				}
			}
			else if (event == XMLStreamConstants.END_ELEMENT) {
				if (skipping == depth) {
					skipping = 0;
				}
				else if (depth == 2) {
					plan = null;
				}
				depth--;
			}
			else if (event == XMLStreamConstants.END_DOCUMENT) {
				throw new XMLStreamException("the feed ends inside a <base_plan>");
			}
		}
		return basePlan;
	}

	private static BasePlanXml basePlan(XMLStreamReader cursor) {
		BasePlanXml basePlan = new BasePlanXml();
		forEachAttribute(cursor, (name, value) -> {
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

	private static PlanXml plan(XMLStreamReader cursor) {
		PlanXml plan = new PlanXml();
		forEachAttribute(cursor, (name, value) -> {
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

	private static ZoneXml zone(XMLStreamReader cursor) {
		ZoneXml zone = new ZoneXml();
		forEachAttribute(cursor, (name, value) -> {
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
	 * Offers each attribute of the cursor's start tag without a namespace to
	 * {@code known}; what it does not take (or what has a namespace) goes to
	 * {@code others}, as JAXB's {@code @XmlAnyAttribute} did.
	 */
	private static void forEachAttribute(XMLStreamReader cursor, KnownAttribute known, Map<QName, String> others) {
		int count = cursor.getAttributeCount();
		for (int i = 0; i < count; i++) {
			String namespace = cursor.getAttributeNamespace(i);
			String value = cursor.getAttributeValue(i);
			boolean plain = namespace == null || namespace.isEmpty();
			if (!plain || !known.take(cursor.getAttributeLocalName(i), value)) {
				others.put(cursor.getAttributeName(i), value);
			}
		}
	}

	@FunctionalInterface
	private interface KnownAttribute {

		boolean take(String name, String value);

	}

}
