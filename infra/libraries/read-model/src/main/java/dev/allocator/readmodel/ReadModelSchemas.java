package dev.allocator.readmodel;

import dev.allocator.readmodel.jooq.read_model_control.tables.ActiveGeneration;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * Where the read model lives. The generated jOOQ classes name the template schema {@code
 * read_model}; at run time every generation of the read model is a schema of its own ({@code
 * read_model_g1}, {@code read_model_g2}, …) created by the same migrations, and a {@link
 * DSLContext} renders the template name as the generation's. The control schema records which
 * generation serves.
 */
public final class ReadModelSchemas {
    /** The schema name the generated classes carry. */
    public static final String TEMPLATE = "read_model";

    public static final String CONTROL = "read_model_control";

    /**
     * Where the retention job moves the compacts it prunes: outside every generation, with its own
     * Flyway history, so that a rebuild (which drops old generations) never drops the archive.
     */
    public static final String ARCHIVE = "read_model_archive";

    private static final ActiveGeneration ACTIVE = ActiveGeneration.ACTIVE_GENERATION;

    private ReadModelSchemas() {}

    /** The schema of generation {@code n}. */
    public static String generationSchema(int generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("generations count from 1");
        }
        return TEMPLATE + "_g" + generation;
    }

    /** Creates or upgrades the control schema; idempotent. */
    public static void migrateControl(DataSource dataSource) {
        flyway(dataSource, CONTROL, "classpath:db/control").migrate();
    }

    /** Creates or upgrades the archive schema ({@link #ARCHIVE}); idempotent. */
    public static void migrateArchive(DataSource dataSource) {
        flyway(dataSource, ARCHIVE, "classpath:db/archive").migrate();
    }

    /** Creates or upgrades one generation's tables; idempotent. */
    public static void migrateGeneration(DataSource dataSource, String schema) {
        flyway(dataSource, schema, "classpath:db/migration").migrate();
    }

    /**
     * A jOOQ context that reads and writes the given generation's tables, telling {@code listeners}
     * (such as {@link QueryTimings}) of every statement.
     */
    public static DSLContext dsl(DataSource dataSource, String schema, ExecuteListener... listeners) {
        Settings settings = new Settings()
                .withRenderMapping(new RenderMapping()
                        .withSchemata(new MappedSchema().withInput(TEMPLATE).withOutput(schema)));
        return DSL.using(new DefaultConfiguration()
                .set(dataSource)
                .set(SQLDialect.POSTGRES)
                .set(settings)
                .set(listeners));
    }

    /** A jOOQ context for the control schema (and plain statements). */
    public static DSLContext control(DataSource dataSource, ExecuteListener... listeners) {
        return DSL.using(new DefaultConfiguration()
                .set(dataSource)
                .set(SQLDialect.POSTGRES)
                .set(listeners));
    }

    /** Drops a generation's schema with everything in it, if it exists. */
    public static void dropGeneration(DSLContext dsl, String schema) {
        dsl.dropSchemaIfExists(schema).cascade().execute();
    }

    /** The generation that serves, if one was ever activated. */
    public static Optional<Generation> active(DSLContext dsl) {
        return dsl.select(ACTIVE.GENERATION, ACTIVE.SCHEMA_NAME)
                .from(ACTIVE)
                .fetchOptional(row -> new Generation(row.value1(), row.value2()));
    }

    /**
     * Makes the first generation active when none is yet; returns the active one. Safe to call
     * from several processes at once.
     */
    public static Generation activateFirst(DSLContext dsl) {
        Generation first = new Generation(1, generationSchema(1));
        dsl.insertInto(ACTIVE, ACTIVE.GENERATION, ACTIVE.SCHEMA_NAME)
                .values(first.number(), first.schema())
                .onConflictDoNothing()
                .execute();
        return active(dsl).orElseThrow();
    }

    /**
     * Switches the serving generation in one statement (one transaction): readers that look up the
     * active generation see either the old or the new one, never a mix.
     *
     * @return true when {@code from} was still active and is now replaced
     */
    public static boolean switchActive(DSLContext dsl, Generation from, Generation to) {
        return dsl.update(ACTIVE)
                        .set(ACTIVE.GENERATION, to.number())
                        .set(ACTIVE.SCHEMA_NAME, to.schema())
                        .set(ACTIVE.ACTIVATED_AT, DSL.currentOffsetDateTime())
                        .where(ACTIVE.GENERATION.eq(from.number()))
                        .execute()
                == 1;
    }

    private static Flyway flyway(DataSource dataSource, String schema, String location) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .createSchemas(true)
                .locations(location)
                .load();
    }

    /** One generation of the read model: its number and its schema. */
    public record Generation(int number, String schema) {
        public Generation {
            if (number < 1 || schema == null || schema.isBlank()) {
                throw new IllegalArgumentException("a generation has a number from 1 and a schema");
            }
        }

        public Generation next() {
            return new Generation(number + 1, generationSchema(number + 1));
        }
    }
}
