package com.fever.plans.search;

/**
 * {@link ConditionalRequestTest} against the database path.
 */
@DatabasePath
class ConditionalRequestOnDatabaseTest extends ConditionalRequestTest {

}
