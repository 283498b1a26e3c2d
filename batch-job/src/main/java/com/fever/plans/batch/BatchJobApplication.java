package com.fever.plans.batch;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The import job's process: runs one command (an import by default) and exits with its
 * code.
 */
@SpringBootApplication
public class BatchJobApplication {

	/**
	 * The clock of the job. The system default zone, because Spring Batch writes its
	 * tables' timestamps in the JVM's local time and the circuit breaker compares with
	 * them.
	 * @return the clock
	 */
	@Bean
	Clock clock() {
		return Clock.systemDefaultZone();
	}

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(SpringApplication.run(BatchJobApplication.class, args)));
	}

}
