package dev.allocator.security;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Migrates {@code allocator_security} with its own history table, at start-up of every service
 * that authenticates keys. Flyway's lock makes concurrent starts safe; read-model rebuilds never
 * touch this schema.
 */
public final class SecuritySchema {
    public static final String SCHEMA = "allocator_security";

    private SecuritySchema() {}

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .table("flyway_security_history")
                .locations("classpath:db/security")
                .load()
                .migrate();
    }
}
