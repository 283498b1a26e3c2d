package com.fever.plans.search.web;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Replaces the {@link ErrorReportValve} that Boot installs on Tomcat's host with
 * {@link JsonErrorReportValve}. Runs after Boot's own customizer (lowest precedence), so
 * its context customizer sees Boot's valve and removes it.
 */
@Component
class JsonTomcatErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			// The host adds a valve of this class when it has none: make it ours, not
			// Tomcat's HTML one.
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
			}
			Pipeline pipeline = context.getParent().getPipeline();
			for (Valve valve : pipeline.getValves()) {
				if (valve instanceof ErrorReportValve) {
					pipeline.removeValve(valve);
				}
			}
			JsonErrorReportValve valve = new JsonErrorReportValve();
			valve.setShowReport(false);
			valve.setShowServerInfo(false);
			pipeline.addValve(valve);
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
