package dev.allocator.model.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** shared-model is the protocol and the language: pure, portable, and free of infrastructure. */
class SharedModelBoundariesTest {
    private static final JavaClasses MODEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.allocator.model");

    @Test
    void importsNoSpringKafkaOrDatabaseCode() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..", "org.apache.kafka..", "org.jooq..", "java.sql..", "javax.sql..")
                .because("shared-model is the protocol, usable by every service and by subscribers")
                .check(MODEL);
    }

    @Test
    void leavesTheIndexerAdapterToItsOwnModule() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.net.http..",
                        "io.github.resilience4j..",
                        "org.springframework..",
                        "org.apache.kafka..",
                        "org.jooq..")
                .because(
                        "shared-model holds the Indexer port; infra/libraries/indexer-client holds HTTP and resilience")
                .check(MODEL);
    }

    @Test
    void readsNoClock() {
        noClasses()
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(Clock.class)
                .because("decisions take the time as an argument so that a replay decides the same")
                .check(MODEL);
    }

    @Test
    void keepsValueTypesImmutableRecords() {
        classes()
                .that()
                .resideInAPackage("dev.allocator.model.value")
                .and()
                .areNotEnums()
                .and()
                .doNotHaveSimpleName("Hex")
                .should()
                .beRecords()
                .check(MODEL);
    }

    @Test
    void keepsMessagesInsideTheirSealedFamilies() {
        classes()
                .that()
                .resideInAPackage("dev.allocator.model.message")
                .and()
                .areNotInterfaces()
                .and()
                .areNotNestedClasses()
                .and()
                .areRecords()
                .should()
                .haveSimpleNameEndingWith("Envelope")
                .orShould()
                .haveSimpleName("MessageType")
                .orShould()
                .haveSimpleName("Upcaster")
                .because("commands, events and replies are nested in Command, Event and Reply")
                .check(MODEL);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("dev.allocator.model.(*)..").should().beFreeOfCycles().check(MODEL);
    }
}
