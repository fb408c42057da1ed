package dev.allocator.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ./allocator} and its commands' parsing: help, usage errors, environment defaults, the address. */
class AllocatorCliTest {
    /** The first well-known development account: public, in the stand-in's seed and the quick start. */
    static final String DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    static final String DEV_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = AllocatorCli.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** In a JVM of its own: the only way to give picocli's ${env:...} defaults an environment. */
    static Run runWithEnvironment(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AllocatorCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("ALLOCATOR_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "local",
                "demo",
                "keys",
                "keys create",
                "keys list",
                "keys revoke",
                "address",
                "archive",
                "backup",
                "restore"
            })
    void everyCommandExplainsItselfAndExitsZero(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");

        Run help = run(args.toArray(String[]::new));

        assertThat(help.status()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: ./allocator" + (command.isEmpty() ? "" : " " + command));
        assertThat(help.out()).contains("-h, --help");
    }

    @Test
    void listsTheCommandsAndTheLocalOptionsWithTheirVariables() {
        assertThat(run("--help").out()).contains("local", "demo", "keys", "address");
        assertThat(run("help", "local").status()).isZero();
        assertThat(run("local", "--help").out())
                .contains("--port", "ALLOCATOR_PORT", "Default: 3000")
                .contains("--host", "ALLOCATOR_HOST", "--kafka-port", "ALLOCATOR_KAFKA_PORT")
                .contains("--postgres-port", "--indexer-port", "--data-dir", "--base-url", "--log-format")
                .contains("--seed", "ALLOCATOR_SEED", "ALLOCATOR_PRIVATE_KEY");
    }

    @Test
    void reportsUnknownOptionsAndCommandsAsUsageErrors() {
        Run unknown = run("local", "--hots", "0.0.0.0");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option", "'--hots'", "Possible solutions: --host");

        Run missing = run("local", "--port");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter for option '--port'");

        assertThat(run("frobnicate").status()).isEqualTo(2);
        Run colour = run("address", "--colour");
        assertThat(colour.status()).isEqualTo(2);
        assertThat(colour.err()).contains("Unknown option: '--colour'");
        assertThat(run().status()).as("no command: the list, as a usage error").isEqualTo(2);
    }

    @Test
    void derivesTheAddressFromAKeyFileWithoutPrintingTheKey(@TempDir Path dir) throws IOException {
        Path keyFile = Files.writeString(dir.resolve("allocator_private_key"), DEV_KEY + "\n");

        Run address = run("address", "--key-file", keyFile.toString());

        assertThat(address.status()).as(address.err()).isZero();
        assertThat(address.out()).isEqualTo(DEV_ADDRESS + System.lineSeparator());
        assertThat(run("address", "--key", DEV_KEY).out().strip()).isEqualTo(DEV_ADDRESS);
        assertThat(run("address", "--help").out()).doesNotContain(DEV_KEY.substring(2, 20));
    }

    @Test
    void refusesWhatIsNotAKeyWithoutQuotingIt(@TempDir Path dir) throws IOException {
        String almost = "0xzz0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
        Path keyFile = Files.writeString(dir.resolve("key"), almost);

        Run refused = run("address", "--key-file", keyFile.toString());

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("Not a private key").doesNotContain("0974bec39a17");
        assertThat(run("address", "--key-file", dir.resolve("absent").toString())
                        .status())
                .isEqualTo(1);
        Run none = run("address", "--key", "");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("--key-file");
    }

    @Test
    void takesDefaultsFromTheEnvironment() throws Exception {
        Run fromVariable = runWithEnvironment(Map.of("ALLOCATOR_PRIVATE_KEY", DEV_KEY), "address");
        assertThat(fromVariable.status()).as(fromVariable.err()).isZero();
        assertThat(fromVariable.out().strip()).isEqualTo(DEV_ADDRESS);

        Run help = runWithEnvironment(
                Map.of("ALLOCATOR_PORT", "3999", "ALLOCATOR_PRIVATE_KEY", DEV_KEY), "local", "--help");
        assertThat(help.status()).as(help.err()).isZero();
        assertThat(help.out()).contains("Default: 3999").doesNotContain(DEV_KEY.substring(2, 20));
    }
}
