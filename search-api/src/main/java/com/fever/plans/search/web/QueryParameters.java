package com.fever.plans.search.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fever.plans.search.window.InvalidSearchException;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The query string as the window parser takes it: every parameter with all its values (a
 * repeated parameter is an error the parser reports).
 */
final class QueryParameters {

	static final String NOT_UTF8 = "The query string is not valid percent-encoded UTF-8";

	private QueryParameters() {
	}

	/**
	 * Decodes the query string of a request target.
	 * @param uri the request target, path and query
	 * @return each parameter's values
	 * @throws InvalidSearchException when the query is not valid percent-encoded UTF-8
	 */
	static Map<String, String[]> of(String uri) {
		Map<String, List<String>> decoded;
		try {
			// A ';' is part of a value, as for a servlet container.
			decoded = QueryStringDecoder.builder().semicolonIsNormalChar(true).build(uri).parameters();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSearchException(NOT_UTF8);
		}
		Map<String, String[]> parameters = new HashMap<>(decoded.size() * 2);
		decoded.forEach((name, values) -> {
			if (name.indexOf('\uFFFD') >= 0) {
				throw new InvalidSearchException(NOT_UTF8);
			}
			for (String value : values) {
				// The decoder replaces a malformed byte sequence rather than failing.
				if (value.indexOf('\uFFFD') >= 0) {
					throw new InvalidSearchException(NOT_UTF8);
				}
			}
			parameters.put(name, values.toArray(String[]::new));
		});
		return parameters;
	}

}
