package com.fever.plans.batch.feed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one digest of the import: the staged feed's fingerprint (what
 * {@code make history} shows, what an unchanged feed is recognised by) and the rows'
 * content hashes.
 */
public final class Sha256 {

	private Sha256() {
	}

	/**
	 * Returns a fresh digest.
	 * @return a SHA-256 {@link MessageDigest}
	 */
	public static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

	/**
	 * Completes a digest.
	 * @param digest the digest of the bytes so far (reset by this call)
	 * @return its value in lower-case hex
	 */
	public static String hex(MessageDigest digest) {
		return HexFormat.of().formatHex(digest.digest());
	}

	/**
	 * Hashes a file.
	 * @param file the file to read
	 * @return the hex SHA-256 of its bytes
	 * @throws IOException when it cannot be read
	 */
	public static String hexOf(Path file) throws IOException {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), newDigest())) {
			in.transferTo(OutputStream.nullOutputStream());
			return hex(((DigestInputStream) in).getMessageDigest());
		}
	}

}
