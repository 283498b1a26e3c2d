package com.fever.plans.batch.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fever.plans.batch.BatchJobApplication;

/**
 * Starts the job's main class in a JVM of its own, on this test's class path, as
 * {@code java -jar batch-job.jar} would run: what only a real process shows (signals,
 * exit codes, the environment as the operating system hands it over).
 */
public final class JobProcess {

	private JobProcess() {
	}

	/**
	 * Starts the job.
	 * @param log where its output goes
	 * @param env its environment: only this, never a database or setting from the
	 * caller's shell
	 * @param prefix a command to run the JVM under (e.g. {@code unshare ...}), or empty
	 * @param args its arguments
	 * @return the process
	 * @throws IOException when it cannot be started
	 */
	public static Process start(Path log, Map<String, String> env, List<String> prefix, String... args)
			throws IOException {
		List<String> command = new ArrayList<>(prefix);
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), BatchJobApplication.class.getName()));
		command.addAll(List.of(args));
		log.toFile().deleteOnExit();
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment()
			.keySet()
			.removeIf((name) -> name.startsWith("SPRING_") || name.startsWith("PLANS_") || name.equals("PROVIDER_URL")
					|| name.startsWith("JAVA_TOOL"));
		builder.environment().putAll(env);
		return builder.start();
	}

}
