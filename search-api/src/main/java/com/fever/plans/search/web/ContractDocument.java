package com.fever.plans.search.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * {@code GET /openapi.yaml}: the committed contract, byte for byte, the one description
 * of the API (nothing is generated from the code). A route rather than the static
 * resource handler, which does not know YAML's media type.
 */
@Configuration(proxyBeanMethods = false)
class ContractDocument {

	static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	@Bean
	RouterFunction<ServerResponse> contractRoute() {
		Resource contract = new ClassPathResource("static/openapi.yaml");
		return RouterFunctions.route(GET("/openapi.yaml"),
				(request) -> ServerResponse.ok().contentType(YAML).bodyValue(contract));
	}

}
