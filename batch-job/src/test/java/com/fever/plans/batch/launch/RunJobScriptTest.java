package com.fever.plans.batch.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's entry point ({@code src/main/docker/run-job.sh}) run by {@code sh} with a
 * stand-in {@code java} that records its arguments and does what the JVM would do to the
 * files: a record run writes the training data, a create run writes the cache. The real
 * JVM's side is measured by {@code make bench} (its "AOT cache" rows run this script).
 */
class RunJobScriptTest {

	private static final Path SCRIPT = Path.of("src/main/docker/run-job.sh");

	private static final String FAKE_JAVA = """
			#!/bin/sh
			echo "$*" >> "$FAKE_LOG"
			for a in "$@"; do
				case $a in
					-XX:AOTConfiguration=*) config=${a#*=} ;;
					-XX:AOTCache=*) cache=${a#*=} ;;
					-XX:AOTMode=*) mode=${a#*=} ;;
				esac
			done
			case ${mode:-} in
				record) echo training > "$config" ;;
				create) [ -n "${FAKE_CREATE_FAILS:-}" ] && { echo partial > "$cache"; exit 1; }; echo cache > "$cache"; exit 0 ;;
			esac
			exit "${FAKE_EXIT:-0}"
			""";

	@TempDir
	Path app;

	@TempDir
	Path staging;

	private Path log;

	@BeforeEach
	void layOutTheImage() throws IOException {
		Files.writeString(this.app.resolve("batch-job.jar"), "jar");
		Files.createDirectories(this.app.resolve("lib"));
		Files.writeString(this.app.resolve("lib/a.jar"), "a");
		Files.createDirectories(this.app.resolve("jdk"));
		Files.writeString(this.app.resolve("jdk/release"), "JAVA_VERSION=\"25.0.3\"\n");
		Path java = this.app.resolve("fake-java");
		Files.writeString(java, FAKE_JAVA);
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.log = this.app.resolve("java.log");
	}

	@Test
	void theFirstRunRecordsTheNextAssemblesThenLaterRunsUseTheCache() throws Exception {
		assertThat(run(3, "--provider=alpha")).isEqualTo(3);
		assertThat(invocations()).singleElement()
			.asString()
			.contains("-XX:AOTMode=record")
			.contains("-XX:AOTConfiguration=" + this.staging)
			.endsWith("-jar batch-job.jar --provider=alpha");
		assertThat(files()).singleElement().asString().endsWith(".aotconf");

		assertThat(run(0, "--restart")).isZero();
		List<String> second = invocations().subList(1, 3);
		assertThat(second.get(0)).contains("-XX:AOTMode=create").doesNotContain("--restart");
		assertThat(second.get(1)).contains("-XX:AOTCache=" + this.staging).endsWith("-jar batch-job.jar --restart");
		assertThat(files()).singleElement().asString().endsWith(".aot");

		assertThat(run(0)).isZero();
		assertThat(invocations()).hasSize(4);
		assertThat(invocations().get(3)).contains("-XX:AOTCache=").doesNotContain("AOTMode");
	}

	@Test
	void anotherJdkOrOtherJarsTrainAnewAndTheOldFilesGo() throws Exception {
		run(0);
		run(0);
		List<String> before = files();
		Files.writeString(this.app.resolve("lib/a.jar"), "a newer jar");
		run(0);
		assertThat(invocations().get(3)).contains("-XX:AOTMode=record");
		assertThat(files()).singleElement().asString().endsWith(".aotconf").isNotIn(before);

		Files.writeString(this.app.resolve("jdk/release"), "JAVA_VERSION=\"25.0.4\"\n");
		run(0);
		assertThat(invocations().get(4)).contains("-XX:AOTMode=record");
		assertThat(files()).hasSize(1);
	}

	@Test
	void longRunningProcessesDoNotRecordButUseTheCache() throws Exception {
		run(0, "--schedule");
		run(0, "--worker", "--plans.partition.remote=true");
		assertThat(invocations()).containsExactly("-jar batch-job.jar --schedule",
				"-jar batch-job.jar --worker --plans.partition.remote=true");
		assertThat(files()).isEmpty();

		run(0);
		run(0, "--schedule");
		assertThat(invocations().get(3)).contains("-XX:AOTMode=create");
		assertThat(invocations().get(4)).contains("-XX:AOTCache=").endsWith("-jar batch-job.jar --schedule");
	}

	@Test
	void aCacheThatCannotBeAssembledCostsOnlyTheSaving() throws Exception {
		run(0);
		assertThat(run(Map.of("FAKE_CREATE_FAILS", "1"), 0, "--schedule")).isZero();
		List<String> calls = invocations();
		assertThat(calls.get(1)).contains("-XX:AOTMode=create");
		assertThat(calls.get(2)).doesNotContain("-XX:AOT").endsWith("-jar batch-job.jar --schedule");
		assertThat(files()).isEmpty();
		run(0);
		assertThat(invocations().get(3)).contains("-XX:AOTMode=record");
	}

	@Test
	void offOnAnOlderJdkOrWithoutTheDirectoryJavaRunsAsIs() throws Exception {
		assertThat(run(Map.of("PLANS_AOT", "off"), 4, "--provider=beta")).isEqualTo(4);
		assertThat(invocations()).containsExactly("-jar batch-job.jar --provider=beta");

		Files.writeString(this.app.resolve("jdk/release"), "JAVA_VERSION=\"17.0.15\"\n");
		run(0);
		assertThat(invocations().get(1)).isEqualTo("-jar batch-job.jar");
		assertThat(files()).isEmpty();

		Files.writeString(this.app.resolve("jdk/release"), "JAVA_VERSION=\"25.0.3\"\n");
		Files.delete(this.staging);
		run(0);
		assertThat(invocations().get(2)).isEqualTo("-jar batch-job.jar");
	}

	/** Runs the script; the stand-in java exits with {@code exit}. */
	private int run(int exit, String... args) throws Exception {
		return run(Map.of(), exit, args);
	}

	private int run(Map<String, String> env, int exit, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toAbsolutePath().toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.app.toFile()).redirectErrorStream(true);
		builder.environment().put("JAVA", this.app.resolve("fake-java").toString());
		builder.environment().put("JAVA_HOME", this.app.resolve("jdk").toString());
		builder.environment().put("PLANS_AOT_DIR", this.staging.toString());
		builder.environment().put("FAKE_LOG", this.log.toString());
		builder.environment().put("FAKE_EXIT", Integer.toString(exit));
		builder.environment().remove("PLANS_AOT");
		builder.environment().putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
		return process.exitValue();
	}

	private List<String> invocations() throws IOException {
		return Files.exists(this.log) ? Files.readAllLines(this.log) : List.of();
	}

	private List<String> files() throws IOException {
		if (!Files.isDirectory(this.staging)) {
			return List.of();
		}
		try (var files = Files.list(this.staging)) {
			return files.map(Path::toString).sorted().toList();
		}
	}

}
