package dev.allocator.indexer.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The indexer client is an adapter: it knows the port and the indexer, not the services. */
class IndexerClientBoundariesTest {
    private static final JavaClasses CLIENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.allocator.indexer.client");

    @Test
    void knowsNoServiceKafkaOrDatabase() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.allocator.command..",
                        "dev.allocator.query..",
                        "dev.allocator.projector..",
                        "dev.allocator.indexer.standin..",
                        "org.apache.kafka..",
                        "org.jooq..")
                .because("both services use this client; it must not lean on either")
                .check(CLIENT);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("dev.allocator.(*)..").should().beFreeOfCycles().check(CLIENT);
    }
}
