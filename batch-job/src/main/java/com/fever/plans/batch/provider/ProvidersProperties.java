package com.fever.plans.batch.provider;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.fever.plans.batch.feed.ProviderProperties;

/**
 * The providers the job imports ({@code plans.providers[i].*}), each with the settings of
 * {@code plans.provider.*}. Empty (the default): the one provider of
 * {@code plans.provider.*}, so a single-provider deployment keeps its settings.
 *
 * @param providers the providers, in the order their partitions are created
 */
@ConfigurationProperties("plans")
public record ProvidersProperties(@DefaultValue List<ProviderProperties> providers) {

}
