package dev.allocator.readmodel.codegen;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.SchemaMappingType;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the read model's jOOQ classes from the schema the migrations really produce: starts a
 * throw-away embedded PostgreSQL, applies every migration location and runs jOOQ's code generator
 * against the result. Runs at build time only; nothing it writes is committed.
 *
 * <p>Arguments: the migrations directory (holding one sub-directory per schema, named by the
 * second argument's entries), the output directory and the target package, then one or more
 * {@code schema=subdirectory} pairs.
 */
public final class ReadModelCodegen {
    private ReadModelCodegen() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new IllegalArgumentException(
                    "usage: ReadModelCodegen <migrations dir> <output dir> <package> <schema=subdir>...");
        }
        Path migrations = Path.of(args[0]);
        Path output = Path.of(args[1]);
        String targetPackage = args[2];
        Path workDir = Files.createTempDirectory("read-model-codegen");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workDir.toFile())
                .start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            Database database = new Database()
                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                    .withIncludes(".*")
                    .withExcludes("flyway_schema_history");
            for (int i = 3; i < args.length; i++) {
                String[] pair = args[i].split("=", 2);
                migrate(dataSource, pair[0], migrations.resolve(pair[1]));
                database.getSchemata().add(new SchemaMappingType().withInputSchema(pair[0]));
            }
            Configuration configuration = new Configuration()
                    .withJdbc(new Jdbc()
                            .withDriver("org.postgresql.Driver")
                            .withUrl(postgres.getJdbcUrl("postgres", "postgres"))
                            .withUser("postgres")
                            .withPassword("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(database)
                            .withGenerate(new Generate()
                                    .withRecords(true)
                                    .withPojos(false)
                                    .withDaos(false)
                                    .withJavaTimeTypes(true)
                                    .withGeneratedAnnotation(false))
                            .withTarget(new Target()
                                    .withPackageName(targetPackage)
                                    .withDirectory(output.toString())
                                    .withClean(true)));
            GenerationTool.generate(configuration);
        } finally {
            deleteRecursively(workDir);
        }
    }

    private static void migrate(DataSource dataSource, String schema, Path location) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .createSchemas(true)
                .locations("filesystem:" + location.toAbsolutePath())
                .load()
                .migrate();
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
