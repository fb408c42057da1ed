package dev.allocator.projector.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The projector turns events into rows; it serves no API and takes no decisions. */
class ProjectorBoundariesTest {
    private static final JavaClasses PROJECTOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.allocator.projector");

    @Test
    void knowsNothingOfTheCommandOrQuerySide() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.allocator.command..", "dev.allocator.query..")
                .check(PROJECTOR);
    }

    @Test
    void keepsTheProjectionsFreeOfKafkaAndSpring() {
        noClasses()
                .that()
                .resideInAPackage("dev.allocator.projector.projection..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.springframework..")
                .because("projections are plain functions of events over a jOOQ transaction")
                .check(PROJECTOR);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("dev.allocator.projector.(*)..")
                .should()
                .beFreeOfCycles()
                .check(PROJECTOR);
    }
}
