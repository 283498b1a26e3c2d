package com.fever.plans.search.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A response body ready to send, gzip-compressed once when it is worth it, with its
 * entity tag.
 * <p>
 * Compressing here, once per cache entry, rather than in the servlet container on every
 * response, keeps per-request work to copying bytes. The tag is a digest of the JSON: it
 * changes exactly when the answer changes, whatever the reason, and instances of the
 * service agree on it. It is weak ({@code W/"..."}) because the plain and the gzip bodies
 * are the same representation in two encodings.
 *
 * @param body the UTF-8 JSON body; never modified once built
 * @param gzipped the same body gzip-compressed, or {@code null} when too small to gain
 * @param etag the weak entity tag, quoted
 */
public record CachedBody(byte[] body, byte[] gzipped, String etag) {

	/** Bodies smaller than this are sent as they are: compression would not pay. */
	public static final int COMPRESSION_THRESHOLD_BYTES = 1024;

	// Caffeine's weigher counts what an entry costs: the bodies plus the fixed overhead
	// of
	// the entry, key and tag.
	private static final int ENTRY_OVERHEAD_BYTES = 160;

	/**
	 * Wraps a freshly written body, compresses it and computes its tag.
	 * @param body the body
	 * @return the cacheable body
	 */
	public static CachedBody of(byte[] body) {
		return of(body, "W/\"" + digest(body) + "\"");
	}

	/**
	 * Wraps a freshly written body whose tag is already known, and compresses it.
	 * @param body the body
	 * @param etag its weak tag, quoted
	 * @return the cacheable body
	 */
	public static CachedBody of(byte[] body, String etag) {
		byte[] gzipped = (body.length >= COMPRESSION_THRESHOLD_BYTES) ? gzip(body) : null;
		return new CachedBody(body, gzipped, etag);
	}

	/**
	 * Returns the cost of this entry for the byte-bounded cache.
	 * @return an approximate size in bytes
	 */
	public int weight() {
		return this.body.length + ((this.gzipped != null) ? this.gzipped.length : 0) + ENTRY_OVERHEAD_BYTES;
	}

	private static String digest(byte[] body) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is always available", ex);
		}
	}

	private static byte[] gzip(byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
		// Fastest level: every uncached answer pays for it, while level 6 (the default)
		// costs about
		// three times the CPU for a body only some 15 % smaller (measured with make
		// bench).
		try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192) {
			{
				this.def.setLevel(Deflater.BEST_SPEED);
			}
		}) {
			gzip.write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
