package com.fever.plans.search.config;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Bounds every database call of the pool so that a slow or absent database turns into a
 * quick error instead of piled-up request threads.
 * <p>
 * Applied as pgjdbc connection properties rather than per statement: the server-side
 * {@code statement_timeout} has millisecond precision (JDBC's {@code setQueryTimeout} has
 * seconds) and costs no extra round trip. The socket timeout catches a network that drops
 * packets silently; the session is read-only because this service never writes.
 */
@Component
class DataSourceTimeouts implements BeanPostProcessor {

	private final ObjectProvider<SearchProperties> properties;

	DataSourceTimeouts(ObjectProvider<SearchProperties> properties) {
		this.properties = properties;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource dataSource) {
			long statementTimeoutMillis = this.properties.getObject().queryTimeout().toMillis();
			long socketTimeoutSeconds = Math.max(1, (statementTimeoutMillis + 999) / 1000) + 1;
			dataSource.addDataSourceProperty("options",
					"-c statement_timeout=" + statementTimeoutMillis + " -c default_transaction_read_only=on");
			dataSource.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
			dataSource.addDataSourceProperty("connectTimeout", "2");
		}
		return bean;
	}

}
