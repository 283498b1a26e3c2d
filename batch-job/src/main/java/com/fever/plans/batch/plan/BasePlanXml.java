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
import jakarta.xml.bind.annotation.XmlRootElement;

/**
 * A {@code <base_plan>} fragment of the feed, bound as the provider sent it. Every
 * attribute is kept as a string: parsing happens in {@link BasePlanProcessor}, where a
 * bad value becomes a rejected record instead of an unmarshalling failure that would stop
 * the import. Attributes this class does not name are kept in {@link #otherAttributes} so
 * nothing from the feed is lost.
 */
@XmlRootElement(name = "base_plan")
@XmlAccessorType(XmlAccessType.FIELD)
public class BasePlanXml {

	@XmlAttribute(name = "base_plan_id")
	String basePlanId;

	@XmlAttribute(name = "sell_mode")
	String sellMode;

	@XmlAttribute(name = "title")
	String title;

	@XmlAttribute(name = "organizer_company_id")
	String organizerCompanyId;

	@XmlAnyAttribute
	Map<QName, String> otherAttributes = new LinkedHashMap<>();

	@XmlElement(name = "plan")
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

	/**
	 * Returns a copy of this base plan that holds only the given plan: the fragment kept
	 * with a rejected plan.
	 * @param plan one of this base plan's plans
	 * @return the copy
	 */
	BasePlanXml withOnly(PlanXml plan) {
		BasePlanXml copy = new BasePlanXml();
		copy.basePlanId = this.basePlanId;
		copy.sellMode = this.sellMode;
		copy.title = this.title;
		copy.organizerCompanyId = this.organizerCompanyId;
		copy.otherAttributes = this.otherAttributes;
		copy.plans = (plan != null) ? List.of(plan) : List.of();
		return copy;
	}

}
