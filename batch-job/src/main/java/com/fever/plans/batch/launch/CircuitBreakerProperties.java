package com.fever.plans.batch.launch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The provider circuit breaker across runs ({@code plans.circuit-breaker.*}).
 *
 * @param enabled whether launches may skip the provider at all
 * @param failureThreshold consecutive failed fetches that open the circuit
 * @param coolDown how long launches skip the provider after the last failed fetch; the
 * first launch after it tries once
 */
@ConfigurationProperties("plans.circuit-breaker")
public record CircuitBreakerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("3") int failureThreshold,
		@DefaultValue("15m") Duration coolDown) {

}
