package com.fever.plans.batch.launch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the process stops when asked to ({@code plans.shutdown.*}): SIGTERM from Kubernetes
 * or {@code docker stop}, Ctrl-C.
 *
 * @param gracePeriod how long a running import may take to finish its current chunk and
 * end {@code STOPPED}; after it the process exits anyway and the run, left running, is
 * recovered as {@code FAILED} by the next launch. Keep it below the platform's own grace
 * (Kubernetes' {@code terminationGracePeriodSeconds}, 30 s by default;
 * {@code docker stop}, 10 s) so the process is not killed first
 */
@ConfigurationProperties("plans.shutdown")
public record ShutdownProperties(@DefaultValue("20s") Duration gracePeriod) {

}
