package com.fever.plans.batch.provider;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fever.plans.batch.feed.ProviderProperties;

/**
 * The providers: {@code plans.providers} when it lists any, else the single
 * {@code plans.provider} (today's settings, {@code PLANS_PROVIDER_URL} and the legacy
 * {@code PROVIDER_URL} included).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ProvidersProperties.class, ProviderProperties.class })
public class ProviderConfiguration {

	@Bean
	Providers providers(ProvidersProperties list, ProviderProperties single) {
		return new Providers(list.providers().isEmpty() ? List.of(single) : list.providers());
	}

}
