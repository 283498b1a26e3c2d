package com.fever.plans.batch.plan;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import javax.xml.transform.stream.StreamResult;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.oxm.Marshaller;

/**
 * Turns a {@code <base_plan>} into the plans to upsert, checking each plan on its own: an
 * invalid plan becomes a {@link RejectedPlan} carrying its XML, and its valid siblings
 * still go through.
 */
public class BasePlanProcessor implements ItemProcessor<BasePlanXml, ImportedBasePlan> {

	private final PlanMapper mapper;

	private final Marshaller marshaller;

	public BasePlanProcessor(PlanMapper mapper, Marshaller marshaller) {
		this.mapper = mapper;
		this.marshaller = marshaller;
	}

	@Override
	public ImportedBasePlan process(BasePlanXml basePlan) throws Exception {
		if (basePlan.plans.isEmpty()) {
			return new ImportedBasePlan(List.of(), List.of(reject(basePlan, null, "base_plan has no <plan>")));
		}
		List<PlanRow> rows = new ArrayList<>(basePlan.plans.size());
		List<RejectedPlan> rejects = new ArrayList<>(0);
		for (PlanXml plan : basePlan.plans) {
			try {
				rows.add(this.mapper.map(basePlan, plan));
			}
			catch (InvalidPlanException ex) {
				rejects.add(reject(basePlan, plan, ex.getMessage()));
			}
		}
		return new ImportedBasePlan(rows, rejects);
	}

	private RejectedPlan reject(BasePlanXml basePlan, PlanXml plan, String reason) throws Exception {
		StringWriter xml = new StringWriter();
		this.marshaller.marshal(basePlan.withOnly(plan), new StreamResult(xml));
		return new RejectedPlan(basePlan.basePlanId, (plan != null) ? plan.planId : null, reason, xml.toString());
	}

}
