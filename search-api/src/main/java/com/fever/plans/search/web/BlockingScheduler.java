package com.fever.plans.search.web;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Where the search's blocking work runs (the PostgreSQL path: JDBC blocks), never on
 * Netty's event loop, which serves every other connection: a virtual thread per search
 * when the JDK has them and {@code spring.threads.virtual.enabled} is on (a blocked
 * virtual thread costs next to nothing), else Reactor's bounded elastic pool. The
 * connection pool bounds the database work either way.
 */
@Component
class BlockingScheduler implements DisposableBean {

	private final Scheduler scheduler;

	BlockingScheduler(Environment environment) {
		this.scheduler = Threading.VIRTUAL.isActive(environment)
				? Schedulers.fromExecutor(new VirtualThreadTaskExecutor("search-db-")) : Schedulers.boundedElastic();
	}

	Scheduler scheduler() {
		return this.scheduler;
	}

	@Override
	public void destroy() {
		if (this.scheduler != Schedulers.boundedElastic()) {
			this.scheduler.dispose();
		}
	}

}
