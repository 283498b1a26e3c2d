package com.fever.plans.batch.plan;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.namespace.QName;

/**
 * A {@code <zone>} of a plan, bound as strings (see {@link BasePlanXml}).
 */
public class ZoneXml {

	String zoneId;

	String name;

	String capacity;

	String price;

	String numbered;

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
