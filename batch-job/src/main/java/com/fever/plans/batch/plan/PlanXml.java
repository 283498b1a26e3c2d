package com.fever.plans.batch.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;

/**
 * A {@code <plan>} of a base plan, bound as strings (see {@link BasePlanXml}).
 */
@XmlAccessorType(XmlAccessType.FIELD)
public class PlanXml {

	@XmlAttribute(name = "plan_id")
	String planId;

	@XmlAttribute(name = "plan_start_date")
	String startDate;

	@XmlAttribute(name = "plan_end_date")
	String endDate;

	@XmlAttribute(name = "sell_from")
	String sellFrom;

	@XmlAttribute(name = "sell_to")
	String sellTo;

	@XmlAttribute(name = "sold_out")
	String soldOut;

	@XmlAnyAttribute
	Map<QName, String> otherAttributes = new LinkedHashMap<>();

	@XmlElement(name = "zone")
	List<ZoneXml> zones = new ArrayList<>();

	public String getPlanId() {
		return this.planId;
	}

	public String getStartDate() {
		return this.startDate;
	}

	public String getEndDate() {
		return this.endDate;
	}

	public String getSellFrom() {
		return this.sellFrom;
	}

	public String getSellTo() {
		return this.sellTo;
	}

	public String getSoldOut() {
		return this.soldOut;
	}

	public Map<QName, String> getOtherAttributes() {
		return this.otherAttributes;
	}

	public List<ZoneXml> getZones() {
		return this.zones;
	}

}
