package com.fever.plans.batch.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

/**
 * A {@code <base_plan>} fragment of the feed, bound as the provider sent it. Every
 * attribute is kept as a string: parsing happens in {@link BasePlanProcessor}, where a
 * bad value becomes a rejected record instead of an unmarshalling failure that would stop
 * the import. Attributes this class does not name are kept in {@link #otherAttributes} so
 * nothing from the feed is lost.
 */
public class BasePlanXml {

	String basePlanId;

	String sellMode;

	String title;

	String organizerCompanyId;

	Map<QName, String> otherAttributes = new LinkedHashMap<>();

	List<PlanXml> plans = new ArrayList<>();

	public String getBasePlanId() {
		return this.basePlanId;
	}

	public String getSellMode() {
		return this.sellMode;
	}

	public String getTitle() {
		return this.title;
	}

	public String getOrganizerCompanyId() {
		return this.organizerCompanyId;
	}

	public Map<QName, String> getOtherAttributes() {
		return this.otherAttributes;
	}

	public List<PlanXml> getPlans() {
		return this.plans;
	}

}
