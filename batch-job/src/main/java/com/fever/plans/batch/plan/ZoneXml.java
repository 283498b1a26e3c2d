package com.fever.plans.batch.plan;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.namespace.QName;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAttribute;

/**
 * A {@code <zone>} of a plan, bound as strings (see {@link BasePlanXml}).
 */
@XmlAccessorType(XmlAccessType.FIELD)
public class ZoneXml {

	@XmlAttribute(name = "zone_id")
	String zoneId;

	@XmlAttribute(name = "name")
	String name;

	@XmlAttribute(name = "capacity")
	String capacity;

	@XmlAttribute(name = "price")
	String price;

	@XmlAttribute(name = "numbered")
	String numbered;

	@XmlAnyAttribute
	Map<QName, String> otherAttributes = new LinkedHashMap<>();

	public String getZoneId() {
		return this.zoneId;
	}

	public String getName() {
		return this.name;
	}

	public String getCapacity() {
		return this.capacity;
	}

	public String getPrice() {
		return this.price;
	}

	public String getNumbered() {
		return this.numbered;
	}

	public Map<QName, String> getOtherAttributes() {
		return this.otherAttributes;
	}

}
