package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./allocator local}'s options, parsed by picocli without starting anything. */
class LocalCommandTest {

    static LocalOptions parse(String... args) {
        LocalCommand command = new LocalCommand();
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    @Test
    void bindsLoopbackUnlessTold() {
        LocalOptions defaults = parse();

        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.apiPort()).isEqualTo(3000);
        assertThat(defaults.kafkaPort()).isEqualTo(19092);
        assertThat(defaults.postgresPort()).isEqualTo(15432);
        assertThat(defaults.indexerPort()).isEqualTo(4000);
        assertThat(defaults.baseUrl()).isEqualTo("http://localhost:3000");
        assertThat(defaults.dataDir()).isEqualTo(Path.of(".allocator-data").toAbsolutePath());
        assertThat(defaults.seed()).isNull();
    }

    @Test
    void takesEveryOptionAsAFlag(@TempDir Path dir) throws Exception {
        Path seed = Files.writeString(dir.resolve("seed.json"), "{}");
        LocalOptions options = parse(
                "--port",
                "3100",
                "--host=0.0.0.0",
                "--kafka-port",
                "29092",
                "--postgres-port",
                "25432",
                "--indexer-port",
                "4100",
                "--data-dir",
                dir.toString(),
                "--log-format",
                "text",
                "--seed",
                seed.toString());

        assertThat(options)
                .isEqualTo(new LocalOptions(
                        3100, 29092, 25432, 4100, dir, "http://localhost:3100", "0.0.0.0", "text", seed));
        assertThat(parse("--base-url", "https://allocator.example").baseUrl()).isEqualTo("https://allocator.example");
    }

    @Test
    void refusesUnknownOptionsAndBadValues() {
        assertThatThrownBy(() -> parse("--hots", "x"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class)
                .hasMessageContaining("Unknown option")
                .hasMessageContaining("'--hots'");
        assertThatThrownBy(() -> parse("--port", "http"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> parse("--port", "70000"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> parse("--log-format", "xml"))
                .hasMessage("--log-format must be json or text, got 'xml'");
        assertThatThrownBy(() -> parse("--seed", "/no/such/seed.json")).hasMessageContaining("--seed: no file");
    }
}
