package com.fever.plans.batch.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The provider answers used in tests: the three fixture answers (copied from the shared
 * fixtures) and generated feeds.
 */
public final class Feeds {

	private Feeds() {
	}

	/** The fixture answer {@code n} (1, 2 or 3). */
	public static byte[] answer(int n) {
		try (InputStream in = Feeds.class.getResourceAsStream("/feeds/response_" + n + ".xml")) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A generated feed: {@code basePlans} online base plans of one plan with
	 * {@code zones} zones each; plan {@code i} of base plan {@code i} starts on day
	 * {@code i % 365} of 2021.
	 * @param basePlans how many base plans
	 * @param zones zones per plan
	 * @param priceShift added to every price (to make a changed feed)
	 * @return the XML
	 */
	public static byte[] generated(int basePlans, int zones, int priceShift) {
		StringBuilder xml = new StringBuilder(
				"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<planList version=\"1.0\"><output>\n");
		for (int i = 1; i <= basePlans; i++) {
			String day = java.time.LocalDate.of(2021, 1, 1).plusDays(i % 365).toString();
			xml.append("<base_plan base_plan_id=\"")
				.append(i)
				.append("\" sell_mode=\"online\" title=\"Plan ")
				.append(i)
				.append("\"><plan plan_start_date=\"")
				.append(day)
				.append("T20:00:00\" plan_end_date=\"")
				.append(day)
				.append("T22:00:00\" plan_id=\"")
				.append(i)
				.append("\" sell_from=\"2020-01-01T00:00:00\" sell_to=\"")
				.append(day)
				.append("T19:00:00\" sold_out=\"false\">");
			for (int z = 1; z <= zones; z++) {
				xml.append("<zone zone_id=\"")
					.append(z)
					.append("\" capacity=\"")
					.append(10 + z)
					.append("\" price=\"")
					.append(10 + z + priceShift)
					.append(".50\" name=\"Zone ")
					.append(z)
					.append("\" numbered=\"true\"/>");
			}
			xml.append("</plan></base_plan>\n");
		}
		return xml.append("</output></planList>\n").toString().getBytes(StandardCharsets.UTF_8);
	}

}
