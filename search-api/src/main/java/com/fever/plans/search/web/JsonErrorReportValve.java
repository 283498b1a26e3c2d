package com.fever.plans.search.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error page, for every error Spring MVC does not answer itself: a request line
 * Tomcat cannot parse (a raw space or control character, a URI too long...), a filter
 * that throws or calls {@code sendError}. Writes the contract's JSON error body instead
 * of Tomcat's HTML page. (Boot's {@code /error} dispatch is switched off, so this is the
 * only layer besides {@link ApiExceptionHandler}.)
 */
public class JsonErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// The same guard as Tomcat's: only errors, only when nothing was written yet.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		byte[] body = ErrorBodies.forStatus(status);
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			response.setHeader("Cache-Control", "no-store");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(new String(body, StandardCharsets.UTF_8));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone: nothing more to do.
		}
	}

}
