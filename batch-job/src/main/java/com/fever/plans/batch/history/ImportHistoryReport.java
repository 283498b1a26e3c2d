package com.fever.plans.batch.history;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Prints the last import runs ({@code make history [P=name]}): the same data an operator
 * gets with the SQL in README, without needing {@code psql}.
 */
public class ImportHistoryReport {

	private static final String FORMAT = "%-6s %-6s %-12s %-19s %-19s %-9s %-21s %8s %8s %8s %9s  %s%n";

	private final ImportRuns runs;

	public ImportHistoryReport(ImportRuns runs) {
		this.runs = runs;
	}

	/**
	 * Returns the last runs of every provider, newest first.
	 * @param limit how many
	 * @return the runs
	 */
	public List<ImportRuns.Run> lastRuns(int limit) {
		return this.runs.lastRuns(null, limit);
	}

	/**
	 * Prints the last runs as a table.
	 * @param out where to print
	 * @param provider the provider, or {@code null} for all
	 * @param limit how many runs
	 */
	public void print(PrintStream out, String provider, int limit) {
		out.printf(FORMAT, "run", "inst", "provider", "start", "end", "status", "exit code", "read", "written",
				"skipped", "duration", "feed sha256");
		for (ImportRuns.Run run : this.runs.lastRuns(provider, limit)) {
			out.printf(FORMAT, run.executionId(), run.instanceId(), run.provider(), text(run.start()), text(run.end()),
					run.status(), run.exitCode(), run.read(), run.written(), run.skipped(), duration(run),
					text(run.feedSha256()));
		}
	}

	private static String text(Object value) {
		return (value != null) ? value.toString().replace('T', ' ') : "-";
	}

	private static String duration(ImportRuns.Run run) {
		if (run.start() == null || run.end() == null) {
			return "-";
		}
		return Duration.between(run.start(), run.end()).toSeconds() + "s";
	}

}
