package com.fever.plans.search;

/**
 * {@link SearchWindowTest} against the database path.
 */
@DatabasePath
class SearchWindowOnDatabaseTest extends SearchWindowTest {

}
