package com.fever.plans.batch.plan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.namespace.QName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.fever.plans.batch.feed.SecureXml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cursor reader and the unmarshaller: what is kept of a fragment, and a restart from
 * the committed count of fragments.
 */
class BasePlanReaderTest {

	private static final String FEED = """
			<?xml version="1.0" encoding="UTF-8"?>
			<planList xmlns:x="urn:x" version="1.0"><output>
			  <base_plan base_plan_id="1" sell_mode="online" title="A &amp; B" x:tag="t" extra="e">
			    <plan plan_id="11" plan_start_date="2021-06-30T21:00:00" plan_end_date="2021-06-30T22:00:00" color="red">
			      <zone zone_id="1" capacity="5" price="20.00" name="Z"><note>ignored</note></zone>
			      <zone zone_id="1" capacity="5" price="20.00" name="Z"/>
			      <unknown><zone zone_id="9"/></unknown>
			    </plan>
			    <plan plan_id="12" plan_start_date="2021-07-01T21:00:00" plan_end_date="2021-07-01T22:00:00"/>
			  </base_plan>
			  <base_plan base_plan_id="2" sell_mode="offline" title="C"/>
			  <base_plan base_plan_id="3" sell_mode="online" title="D"><plan plan_id="31"/></base_plan>
			</output></planList>
			""";

	@TempDir
	Path directory;

	@Test
	void mapsEveryFragmentKeepingUnknownAttributesAndDuplicateZones() throws Exception {
		List<BasePlanXml> plans = readAll(new ExecutionContext());

		assertThat(plans).extracting(BasePlanXml::getBasePlanId).containsExactly("1", "2", "3");
		BasePlanXml first = plans.get(0);
		assertThat(first.getTitle()).isEqualTo("A & B");
		assertThat(first.getOtherAttributes()).containsEntry(new QName("urn:x", "tag"), "t")
			.containsEntry(new QName("extra"), "e");
		assertThat(first.getPlans()).extracting(PlanXml::getPlanId).containsExactly("11", "12");
		PlanXml plan = first.getPlans().get(0);
		assertThat(plan.getOtherAttributes()).containsEntry(new QName("color"), "red");
		// Both copies of the duplicate zone; none from inside the unknown element.
		assertThat(plan.getZones()).extracting(ZoneXml::getZoneId).containsExactly("1", "1");
		assertThat(plans.get(1).getPlans()).isEmpty();
	}

	@Test
	void aRestartSkipsTheFragmentsAlreadyCommitted() throws Exception {
		ExecutionContext committed = new ExecutionContext();
		committed.putInt("basePlans.read.count", 2);

		assertThat(readAll(committed)).extracting(BasePlanXml::getBasePlanId).containsExactly("3");
	}

	private List<BasePlanXml> readAll(ExecutionContext context) throws Exception {
		Path file = this.directory.resolve("feed.xml");
		Files.writeString(file, FEED);
		BasePlanReader reader = new BasePlanReader("basePlans", file, SecureXml.inputFactory(),
				new BasePlanUnmarshaller());
		List<BasePlanXml> plans = new ArrayList<>();
		reader.open(context);
		try {
			for (BasePlanXml plan = reader.read(); plan != null; plan = reader.read()) {
				plans.add(plan);
			}
		}
		finally {
			reader.close();
		}
		return plans;
	}

}
