package com.fever.plans.search.web;

/**
 * Reads {@code Accept-Encoding}: whether the pre-compressed copy of an answer may be
 * sent. ({@code If-None-Match} is Spring's {@code checkNotModified}, see
 * {@link SearchController}.)
 */
final class HttpCaching {

	private HttpCaching() {
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

}
