package com.fever.plans.search;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * Runs a {@link SearchApiTestBase} test against the application answering every search
 * from PostgreSQL (a snapshot budget of 0), the path used before the first snapshot and
 * when the table does not fit.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(properties = "plans.search.snapshot-max-size=0")
public @interface DatabasePath {

}
