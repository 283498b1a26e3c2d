package com.fever.plans.batch.launch;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.launch.support.ExitCodeMapper;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

import com.fever.plans.batch.history.ImportHistoryReport;

/**
 * The command line of {@code batch-job.jar}:
 * <ul>
 * <li>no option: run one import and exit with its code (with several providers, every
 * provider's, as the partitioned {@code importAllProviders} job);</li>
 * <li>{@code --restart} / {@code --restart=<executionId>}: restart the latest failed or
 * stopped run, or the given one;</li>
 * <li>{@code --provider=<name>} with no command, {@code --restart} or {@code --history}:
 * that provider's import, latest failed run, or runs;</li>
 * <li>{@code --abandon=<executionId>}: give up a failed or stopped run for good (it can
 * no longer be restarted; its staged feed is removed);</li>
 * <li>{@code --history} / {@code --history=<n>}: print the last runs;</li>
 * <li>{@code --schedule}: keep running, importing at once and then on schedule;</li>
 * <li>{@code --worker}: keep running, importing the providers' partitions that a manager
 * sends over RabbitMQ ({@code plans.partition.remote=true}).</li>
 * </ul>
 * Options of Spring Boot ({@code --name=value} properties) may come with any of them. The
 * process exit code is the {@link ExitCodeMapper}'s for the outcome.
 */
public class ImportCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String USAGE = "Usage: java -jar batch-job.jar "
			+ "[--provider=<name>] [--restart[=<executionId>] | --abandon=<executionId> | --history[=<n>] "
			+ "| --schedule | --worker]";

	private static final Set<String> COMMANDS = Set.of("restart", "abandon", "history", "schedule", "worker");

	private static final Logger logger = LoggerFactory.getLogger(ImportCommand.class);

	private final ImportLauncher launcher;

	private final ImportHistoryReport history;

	private final ScheduledImports schedule;

	private final ExitCodeMapper exitCodes;

	private final Runnable worker;

	private final PrintStream out;

	private ImportExitCode outcome = ImportExitCode.COMPLETED;

	public ImportCommand(ImportLauncher launcher, ImportHistoryReport history, ScheduledImports schedule,
			ExitCodeMapper exitCodes, PrintStream out) {
		this(launcher, history, schedule, exitCodes, out, null);
	}

	/**
	 * Creates the command line.
	 * @param launcher the launcher
	 * @param history the history report
	 * @param schedule the scheduled mode
	 * @param exitCodes the exit code table
	 * @param out where reports go
	 * @param worker the partition worker's loop, or {@code null} when remote partitioning
	 * is off
	 */
	public ImportCommand(ImportLauncher launcher, ImportHistoryReport history, ScheduledImports schedule,
			ExitCodeMapper exitCodes, PrintStream out, Runnable worker) {
		this.worker = worker;
		this.launcher = launcher;
		this.history = history;
		this.schedule = schedule;
		this.exitCodes = exitCodes;
		this.out = out;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			this.outcome = execute(args);
		}
		catch (IllegalArgumentException ex) {
			logger.error("{}. {}", ex.getMessage(), USAGE);
			this.outcome = ImportExitCode.USAGE;
		}
		logger.info("Exit code {} ({})", getExitCode(), this.outcome);
	}

	private ImportExitCode execute(ApplicationArguments args) {
		if (!args.getNonOptionArgs().isEmpty()) {
			throw new IllegalArgumentException("Unknown arguments " + args.getNonOptionArgs());
		}
		List<String> commands = args.getOptionNames().stream().filter(COMMANDS::contains).sorted().toList();
		if (commands.size() > 1) {
			throw new IllegalArgumentException("Give one command, not " + commands);
		}
		String command = commands.isEmpty() ? "" : commands.get(0);
		String provider = provider(args);
		if (provider != null && (command.equals("schedule") || command.equals("abandon") || command.equals("worker"))) {
			throw new IllegalArgumentException("--provider does not apply to --" + command);
		}
		return switch (command) {
			case "history" -> {
				this.history.print(this.out, provider, (int) number(args, "history", 20, true));
				yield ImportExitCode.COMPLETED;
			}
			case "schedule" -> {
				this.schedule.run();
				yield ImportExitCode.COMPLETED;
			}
			case "worker" -> {
				if (this.worker == null) {
					throw new IllegalArgumentException(
							"--worker needs remote partitioning: set plans.partition.remote=true (PLANS_PARTITION_REMOTE)");
				}
				this.worker.run();
				yield ImportExitCode.COMPLETED;
			}
			case "restart" -> {
				Long executionId = hasValue(args, "restart") ? number(args, "restart", 0, true) : null;
				yield (provider != null) ? this.launcher.restart(provider, executionId)
						: this.launcher.restartDefault(executionId);
			}
			case "abandon" -> {
				if (!hasValue(args, "abandon")) {
					throw new IllegalArgumentException("--abandon takes the run to give up: --abandon=<executionId>");
				}
				yield this.launcher.abandon(number(args, "abandon", 0, true));
			}
			default -> (provider != null) ? this.launcher.runOnce(provider) : this.launcher.runDefault();
		};
	}

	private static String provider(ApplicationArguments args) {
		if (!args.containsOption("provider")) {
			return null;
		}
		List<String> values = args.getOptionValues("provider");
		if (values.size() != 1 || values.get(0).isBlank()) {
			throw new IllegalArgumentException("--provider takes one provider's name: --provider=<name>");
		}
		return values.get(0).strip();
	}

	private static boolean hasValue(ApplicationArguments args, String option) {
		List<String> values = args.getOptionValues(option);
		return !values.isEmpty() && !values.get(0).isBlank();
	}

	private static long number(ApplicationArguments args, String option, long fallback, boolean positive) {
		List<String> values = args.getOptionValues(option);
		if (values.size() > 1) {
			throw new IllegalArgumentException("--" + option + " given " + values.size() + " times");
		}
		if (values.isEmpty() || values.get(0).isBlank()) {
			return fallback;
		}
		long value;
		try {
			value = Long.parseLong(values.get(0).strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + option + " takes a number, not '" + values.get(0) + "'");
		}
		if (positive && value <= 0) {
			throw new IllegalArgumentException("--" + option + " takes a positive number, not " + value);
		}
		return value;
	}

	/**
	 * How the command ended.
	 * @return the outcome
	 */
	public ImportExitCode outcome() {
		return this.outcome;
	}

	@Override
	public int getExitCode() {
		return this.exitCodes.intValue(this.outcome.name());
	}

}
