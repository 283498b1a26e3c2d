package com.fever.plans.db;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlansSchemaTest {

	@Test
	void planIdIsTheSameForTheSameIdentity() {
		// Pinned: every events row imported so far carries this id; changing the function
		// would duplicate every plan on the next import.
		assertThat(PlansSchema.planId("fever", "291", "291"))
			.isEqualTo(UUID.fromString("0f10209b-0c80-3ebc-bd9b-438bf00fb1f5"));
	}

	@Test
	void planIdKeepsThePartsApart() {
		assertThat(PlansSchema.planId("fever", "1", "23")).isNotEqualTo(PlansSchema.planId("fever", "12", "3"));
		assertThat(PlansSchema.planId("fever", "1642", "1642"))
			.isNotEqualTo(PlansSchema.planId("fever", "1591", "1642"))
			.isNotEqualTo(PlansSchema.planId("other", "1642", "1642"));
	}

}
