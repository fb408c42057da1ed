package dev.allocator.command.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The write side decides from its own state and the indexer; it never reads the read model. */
class CommandServiceBoundariesTest {
    private static final JavaClasses COMMAND = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.allocator.command");

    @Test
    void neverTouchesTheReadModel() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.jooq..",
                        "java.sql..",
                        "javax.sql..",
                        "dev.allocator.readmodel..",
                        "dev.allocator.projector..",
                        "dev.allocator.query..")
                .because("the command side decides from its state stores and the indexer snapshot only")
                .check(COMMAND);
    }

    @Test
    void keepsDecisionsFreeOfKafkaSpringAndClocks() {
        noClasses()
                .that()
                .resideInAPackage("dev.allocator.command.sponsor")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.springframework..", "java.net..")
                .orShould()
                .callMethod(Instant.class, "now")
                .because("decide and apply are pure: a replay must reach the same decisions")
                .check(COMMAND);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("dev.allocator.command.(*)..")
                .should()
                .beFreeOfCycles()
                .check(COMMAND);
    }
}
