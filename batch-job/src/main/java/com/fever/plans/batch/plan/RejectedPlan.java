package com.fever.plans.batch.plan;

import org.jspecify.annotations.Nullable;

/**
 * A record of the feed the import could not accept, kept whole in {@code import_rejects}.
 *
 * @param basePlanId the base plan id, when known
 * @param planId the plan id, when known
 * @param reason what is wrong, for an operator
 * @param fragment the XML of the record
 */
public record RejectedPlan(@Nullable String basePlanId, @Nullable String planId, String reason, String fragment) {

}
