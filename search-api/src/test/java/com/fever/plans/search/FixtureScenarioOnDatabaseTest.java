package com.fever.plans.search;

/**
 * {@link FixtureScenarioTest} against the database path.
 */
@DatabasePath
class FixtureScenarioOnDatabaseTest extends FixtureScenarioTest {

}
