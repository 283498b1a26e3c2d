package com.fever.plans.search;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The application's packages depend on each other in one direction only: {@code web} (the
 * request) on the features below it, never back. A cycle makes a package impossible to
 * read (or move) without the other, so the build refuses one.
 */
class PackageStructureTest {

	private static final JavaClasses APPLICATION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.importPackages("com.fever.plans.search");

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("com.fever.plans.search.(*)..").should().beFreeOfCycles().check(APPLICATION);
	}

}
