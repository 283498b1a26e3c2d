package com.fever.plans.search.web;

/**
 * Request headers that decide how a cached body is sent: {@code If-None-Match} and
 * {@code Accept-Encoding}.
 * <p>
 * Weak comparison (RFC 9110 13.1.2), as required for {@code If-None-Match}: the search's
 * tags are weak ({@code W/"..."}), and a client or proxy may send back the opaque part
 * alone. (Spring's {@code checkNotModified} is not available on the raw Netty route.)
 */
final class HttpCaching {

	private HttpCaching() {
	}

	/**
	 * Tells whether the client's cached copy is current.
	 * @param ifNoneMatch the header value, possibly {@code null}, a list, or {@code *}
	 * @param etag the current quoted tag
	 * @return {@code true} to answer {@code 304}
	 */
	static boolean matches(String ifNoneMatch, String etag) {
		if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
			return false;
		}
		String current = opaque(etag);
		for (String candidate : ifNoneMatch.split(",")) {
			String tag = candidate.trim();
			if (tag.equals("*") || opaque(tag).equals(current)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Tells whether the client accepts a gzip-encoded body.
	 * @param acceptEncoding the {@code Accept-Encoding} header, possibly {@code null}
	 * @return {@code true} when gzip (or {@code *}) is listed with a non-zero weight
	 */
	static boolean acceptsGzip(String acceptEncoding) {
		if (acceptEncoding == null) {
			return false;
		}
		for (String entry : acceptEncoding.split(",")) {
			String[] parts = entry.split(";");
			String coding = parts[0].trim();
			if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip") || coding.equals("*")) {
				return weight(parts) > 0;
			}
		}
		return false;
	}

	private static double weight(String[] parameters) {
		for (int i = 1; i < parameters.length; i++) {
			String parameter = parameters[i].trim();
			if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
					&& parameter.charAt(1) == '=') {
				try {
					return Double.parseDouble(parameter.substring(2).trim());
				}
				catch (NumberFormatException ex) {
					return 0;
				}
			}
		}
		return 1;
	}

	private static String opaque(String tag) {
		return tag.startsWith("W/") ? tag.substring(2) : tag;
	}

}
