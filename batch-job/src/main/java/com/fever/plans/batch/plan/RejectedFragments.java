package com.fever.plans.batch.plan;

import java.io.StringWriter;
import java.util.Map;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes the XML kept with a rejected plan: its {@code <base_plan>} holding only that
 * plan (or none), every attribute as the provider sent it, as a bare fragment (no XML
 * declaration). Rejects are rare, so this runs a handful of times per feed.
 */
final class RejectedFragments {

	private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

	private RejectedFragments() {
	}

	static String of(BasePlanXml basePlan, PlanXml plan) {
		StringWriter xml = new StringWriter();
		try {
			XMLStreamWriter writer = OUTPUT.createXMLStreamWriter(xml);
			writer.writeStartElement("base_plan");
			attribute(writer, "base_plan_id", basePlan.basePlanId);
			attribute(writer, "sell_mode", basePlan.sellMode);
			attribute(writer, "title", basePlan.title);
			attribute(writer, "organizer_company_id", basePlan.organizerCompanyId);
			others(writer, basePlan.otherAttributes);
			if (plan != null) {
				writer.writeStartElement("plan");
				attribute(writer, "plan_id", plan.planId);
				attribute(writer, "plan_start_date", plan.startDate);
				attribute(writer, "plan_end_date", plan.endDate);
				attribute(writer, "sell_from", plan.sellFrom);
				attribute(writer, "sell_to", plan.sellTo);
				attribute(writer, "sold_out", plan.soldOut);
				others(writer, plan.otherAttributes);
				for (ZoneXml zone : plan.zones) {
					writer.writeEmptyElement("zone");
					attribute(writer, "zone_id", zone.zoneId);
					attribute(writer, "name", zone.name);
					attribute(writer, "capacity", zone.capacity);
					attribute(writer, "price", zone.price);
					attribute(writer, "numbered", zone.numbered);
					others(writer, zone.otherAttributes);
				}
				writer.writeEndElement();
			}
			writer.writeEndElement();
			writer.close();
		}
		catch (XMLStreamException ex) {
			throw new IllegalStateException("Cannot write a rejected plan's XML", ex);
		}
		return xml.toString();
	}

	private static void attribute(XMLStreamWriter writer, String name, String value) throws XMLStreamException {
		if (value != null) {
			writer.writeAttribute(name, value);
		}
	}

	private static void others(XMLStreamWriter writer, Map<QName, String> attributes) throws XMLStreamException {
		for (Map.Entry<QName, String> attribute : attributes.entrySet()) {
			QName name = attribute.getKey();
			if (name.getNamespaceURI() == null || name.getNamespaceURI().isEmpty()) {
				writer.writeAttribute(name.getLocalPart(), attribute.getValue());
			}
			else {
				writer.writeAttribute(name.getNamespaceURI(), name.getLocalPart(), attribute.getValue());
			}
		}
	}

}
