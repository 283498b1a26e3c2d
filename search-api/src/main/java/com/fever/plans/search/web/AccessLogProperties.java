package com.fever.plans.search.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the access log ({@code plans.access-log.*}), written by {@link AccessLog}
 * on the {@code plans.search.access} logger.
 *
 * @param slowThreshold a request that takes at least this long is logged (WARN) even when
 * the logger only logs problems
 */
@ConfigurationProperties("plans.access-log")
public record AccessLogProperties(@DefaultValue("500ms") Duration slowThreshold) {

}
