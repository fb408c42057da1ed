package dev.allocator.query.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The query side reads; it never writes to Kafka and never reaches into the command side. */
class QueryServiceBoundariesTest {
    private static final JavaClasses QUERY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.allocator.query");

    @Test
    void producesNothingToKafka() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka.clients.producer..", "org.springframework.kafka.core..")
                .because("the query service only reads; writes go through the command side")
                .check(QUERY);
    }

    @Test
    void knowsNothingOfTheCommandSideOrTheProjector() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.allocator.command..", "dev.allocator.projector..")
                .check(QUERY);
    }

    @Test
    void keepsFeaturePackagesApartFromEachOther() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.allocator.query.compact..", "dev.allocator.query.nonce..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.allocator.query.balance..")
                .check(QUERY);
        noClasses()
                .that()
                .resideInAnyPackage("dev.allocator.query.balance..", "dev.allocator.query.nonce..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.allocator.query.compact..")
                .check(QUERY);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("dev.allocator.query.(*)..").should().beFreeOfCycles().check(QUERY);
    }
}
