package com.fever.plans.batch.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

/**
 * A {@code <plan>} of a base plan, bound as strings (see {@link BasePlanXml}).
 */
public class PlanXml {

	String planId;

	String startDate;

	String endDate;

	String sellFrom;

	String sellTo;

	String soldOut;

	Map<QName, String> otherAttributes = new LinkedHashMap<>();

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
