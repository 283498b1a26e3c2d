package com.fever.plans.search;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The search API: answers {@code GET /search} from the {@code events} table that the
 * import job fills, through a cache of ready-to-send response bodies.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SearchApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(SearchApiApplication.class, args);
	}

}
