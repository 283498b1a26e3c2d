package com.fever.plans.search.support;

import java.util.List;

/**
 * What the import job has written after importing the provider fixtures' answers 1, 2 and
 * 3 (see the fixtures' README): the four plans ever online, plus the plans the search
 * must not return. 444/1642 has an impossible date (2021-09-31) and is never online: the
 * job rejects it, so it has no row.
 */
public final class Fixtures {

	public static final Plan CAMELA = Plan.of("291", "291", "Camela en concierto", "online", true,
			"2021-06-30T21:00:00", "2021-06-30T22:00:00", "15.00", "30.00");

	public static final Plan PANTOMIMA_1642 = Plan.of("322", "1642", "Pantomima Full", "online", true,
			"2021-02-10T20:00:00", "2021-02-10T21:30:00", "55.00", "55.00");

	public static final Plan PANTOMIMA_1643 = Plan.of("322", "1643", "Pantomima Full", "online", true,
			"2021-02-11T20:00:00", "2021-02-11T21:30:00", "55.00", "55.00");

	// Offline in answer 3, online before: ever_online stays true.
	public static final Plan MORANCOS = Plan.of("1591", "1642", "Los Morancos", "offline", true, "2021-07-31T20:00:00",
			"2021-07-31T21:20:00", "65.00", "75.00");

	// Only ever offline.
	public static final Plan NAVIDAD = Plan.of("1722", "1801", "Concierto de Navidad", "offline", false,
			"2021-12-24T19:00:00", "2021-12-24T21:00:00", "25.50", "25.50");

	public static final List<Plan> AFTER_ANSWERS_1_2_3 = List.of(CAMELA, PANTOMIMA_1642, PANTOMIMA_1643, MORANCOS,
			NAVIDAD);

	private Fixtures() {
	}

}
