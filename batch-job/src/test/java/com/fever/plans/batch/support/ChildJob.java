package com.fever.plans.batch.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The import job in a child JVM (the test's own class path, the application's main
 * class), so a test can kill it with {@code SIGKILL} at a point of its choosing: what a
 * crashed pod or {@code kill -9} leaves behind, which an in-process failure cannot
 * imitate.
 */
public final class ChildJob implements AutoCloseable {

	/** The child's {@code application_name} in {@code pg_stat_activity}. */
	public static final String APPLICATION_NAME = "plans-batch-job-child";

	private final Process process;

	private final Path log;

	private ChildJob(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts one import run in a child JVM.
	 * @param jdbcUrl the database
	 * @param username its user
	 * @param password its password
	 * @param providerUrl the feed's URL
	 * @param stagingDir where feeds are staged
	 * @param arguments the job's own arguments (e.g. {@code --restart})
	 * @return the running child
	 */
	public static ChildJob start(String jdbcUrl, String username, String password, String providerUrl, Path stagingDir,
			String... arguments) {
		try {
			Path log = Files.createTempFile("child-job", ".log");
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
							System.getProperty("java.class.path"), "com.fever.plans.batch.BatchJobApplication",
							"--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=" + username,
							"--spring.datasource.password=" + ((password != null) ? password : ""),
							"--spring.datasource.hikari.data-source-properties.ApplicationName=" + APPLICATION_NAME,
							"--plans.provider.url=" + providerUrl, "--plans.import.staging-dir=" + stagingDir,
							"--plans.import.chunk-size=2", "--plans.import.vacuum-after-import=false",
							"--plans.circuit-breaker.enabled=false"));
			command.addAll(List.of(arguments));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new ChildJob(process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Kills the child with {@code SIGKILL} and waits for it to be gone.
	 */
	public void kill9() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/**
	 * Waits for the child to end.
	 * @return its exit code
	 */
	public int waitFor() throws InterruptedException {
		if (!this.process.waitFor(120, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			throw new IllegalStateException("The child job did not end within 120 s; log: " + output());
		}
		return this.process.exitValue();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The child's console output, for failure messages. */
	public String output() {
		try {
			String text = Files.readString(this.log);
			return (text.length() > 20000) ? text.substring(text.length() - 20000) : text;
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill9();
		}
		new File(this.log.toString()).delete();
	}

}
