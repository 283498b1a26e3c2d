package com.fever.plans.batch.staging;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.util.unit.DataSize;

/**
 * Opens a staging file whose write failures say what happened and what to do: a full disk
 * is an operator's problem, not a broken provider, and must read as one.
 */
public final class StagingOutput extends FilterOutputStream {

	private final Path file;

	private long written;

	private StagingOutput(Path file, OutputStream out) {
		super(out);
		this.file = file;
	}

	/**
	 * Opens (creates or truncates) a staging file for writing.
	 * @param file the file
	 * @return its stream; writing, flushing or closing it throws
	 * {@link StagingWriteException} on an I/O error
	 * @throws IOException when the file cannot be opened
	 */
	public static OutputStream open(Path file) throws IOException {
		return new StagingOutput(file, Files.newOutputStream(file));
	}

	@Override
	public void write(byte[] b, int off, int len) {
		try {
			this.out.write(b, off, len);
			this.written += len;
		}
		catch (IOException ex) {
			throw failure(ex);
		}
	}

	@Override
	public void write(int b) {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void flush() {
		try {
			this.out.flush();
		}
		catch (IOException ex) {
			throw failure(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.out.close();
		}
		catch (IOException ex) {
			throw failure(ex);
		}
	}

	private StagingWriteException failure(IOException cause) {
		Path directory = this.file.toAbsolutePath().getParent();
		return new StagingWriteException("Could not write the staged feed " + this.file + " after "
				+ human(this.written) + ": " + cause.getMessage() + " (staging directory " + directory + ": "
				+ space(directory) + "; staged feeds: " + stagedFeeds(directory)
				+ "). Make room (restart or --abandon the failed runs whose feeds are kept there, or give "
				+ "plans.import.staging-dir a larger volume), then restart this run", cause);
	}

	private static String space(Path directory) {
		try {
			FileStore store = Files.getFileStore(directory);
			return human(store.getUsableSpace()) + " free of " + human(store.getTotalSpace());
		}
		catch (IOException ex) {
			return "free space unknown";
		}
	}

	private static String stagedFeeds(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			String list = files.filter(Files::isRegularFile)
				.sorted()
				.map((file) -> file.getFileName() + " (" + human(size(file)) + ")")
				.collect(Collectors.joining(", "));
			return list.isEmpty() ? "none" : list;
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static String human(long bytes) {
		DataSize size = DataSize.ofBytes(bytes);
		if (size.toGigabytes() >= 10) {
			return size.toGigabytes() + " GB";
		}
		if (size.toMegabytes() >= 10) {
			return size.toMegabytes() + " MB";
		}
		if (size.toKilobytes() >= 10) {
			return size.toKilobytes() + " KB";
		}
		return bytes + " bytes";
	}

}
