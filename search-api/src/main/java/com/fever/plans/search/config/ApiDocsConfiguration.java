package com.fever.plans.search.config;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

import org.springframework.context.annotation.Configuration;

/**
 * The generated document's header, as in the committed contract. Swagger UI itself shows
 * the committed {@code /openapi.yaml} ({@code springdoc.swagger-ui.url}); the generated
 * {@code /v3/api-docs} exists to be compared with it.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Fever Providers API", version = "1.0.0"))
class ApiDocsConfiguration {

}
