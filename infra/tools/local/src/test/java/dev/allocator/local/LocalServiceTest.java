package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each service gets only the auto-configuration of the libraries its own image has. */
class LocalServiceTest {
    static final String DATA_SOURCE = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";
    static final String JOOQ = "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration";
    static final String FLYWAY = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration";
    static final String KAFKA = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration";
    static final String WEB_MVC = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration";

    /** A DataSource for the API keys, but neither jOOQ nor Boot's Flyway (no read model). */
    @Test
    void theCommandServiceHasADatabaseForKeysButNoReadModel() {
        assertThat(LocalService.COMMAND.absentInProduction())
                .contains(JOOQ, FLYWAY)
                .doesNotContain(DATA_SOURCE, KAFKA, WEB_MVC);
    }

    @Test
    void onlyTheProjectorMigratesTheSchema() {
        assertThat(LocalService.PROJECTOR.absentInProduction()).doesNotContain(DATA_SOURCE, JOOQ, FLYWAY, KAFKA);
        assertThat(LocalService.QUERY.absentInProduction())
                .contains(FLYWAY)
                .doesNotContain(DATA_SOURCE, JOOQ, KAFKA, WEB_MVC);
    }

    @Test
    void namesTheLibraryAResourceComesFrom() {
        String imports = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
        assertThat(LocalService.library(
                        "jar:nested:/x/local-0.1.0-SNAPSHOT-exec.jar/!BOOT-INF/lib/spring-boot-jdbc-4.0.7.jar!/"
                                + imports))
                .isEqualTo("spring-boot-jdbc-4.0.7.jar");
        assertThat(LocalService.library("jar:file:/m2/spring-boot-jdbc-4.0.7.jar!/" + imports))
                .isEqualTo("spring-boot-jdbc-4.0.7.jar");
        assertThat(LocalService.library("file:/repo/infra/indexer-client/target/classes/" + imports))
                .isEqualTo("indexer-client-");
    }
}
