package com.fever.plans.batch.launch;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

import com.fever.plans.batch.history.ImportHistoryReport;

/**
 * The command line of {@code batch-job.jar}:
 * <ul>
 * <li>no option: run one import and exit with its {@link ImportExitCode};</li>
 * <li>{@code --restart} / {@code --restart=<executionId>}: restart the latest failed run,
 * or the given one;</li>
 * <li>{@code --history} / {@code --history=<n>}: print the last runs;</li>
 * <li>{@code --schedule}: keep running, importing at once and then on schedule.</li>
 * </ul>
 */
public class ImportCommand implements ApplicationRunner, ExitCodeGenerator {

	private static final Logger logger = LoggerFactory.getLogger(ImportCommand.class);

	private final ImportLauncher launcher;

	private final ImportHistoryReport history;

	private final ScheduledImports schedule;

	private ImportExitCode exitCode = ImportExitCode.COMPLETED;

	public ImportCommand(ImportLauncher launcher, ImportHistoryReport history, ScheduledImports schedule) {
		this.launcher = launcher;
		this.history = history;
		this.schedule = schedule;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			this.exitCode = execute(args);
		}
		catch (IllegalArgumentException ex) {
			logger.error(
					"{}. Usage: java -jar batch-job.jar [--restart[=<executionId>] | --history[=<n>] | --schedule]",
					ex.getMessage());
			this.exitCode = ImportExitCode.USAGE;
		}
	}

	private ImportExitCode execute(ApplicationArguments args) {
		if (args.containsOption("history")) {
			this.history.print(System.out, (int) number(args, "history", 20));
			return ImportExitCode.COMPLETED;
		}
		if (args.containsOption("schedule")) {
			this.schedule.run();
			return ImportExitCode.COMPLETED;
		}
		if (args.containsOption("restart")) {
			List<String> values = args.getOptionValues("restart");
			Long id = values.isEmpty() || values.get(0).isBlank() ? null : number(args, "restart", 0);
			return this.launcher.restart(id);
		}
		if (!args.getNonOptionArgs().isEmpty()) {
			throw new IllegalArgumentException("Unknown arguments " + args.getNonOptionArgs());
		}
		return this.launcher.runOnce();
	}

	private static long number(ApplicationArguments args, String option, long fallback) {
		List<String> values = args.getOptionValues(option);
		if (values.isEmpty() || values.get(0).isBlank()) {
			return fallback;
		}
		try {
			return Long.parseLong(values.get(0).strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + option + " takes a number, not '" + values.get(0) + "'");
		}
	}

	@Override
	public int getExitCode() {
		return this.exitCode.code();
	}

}
