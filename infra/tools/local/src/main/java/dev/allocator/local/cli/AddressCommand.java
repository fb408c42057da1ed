package dev.allocator.local.cli;

import dev.allocator.model.crypto.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./allocator address}: the allocator's address, derived offline from its private key, so
 * that a deployment can set {@code ALLOCATOR_ADDRESS} before anything runs. Prints the checksummed
 * address alone on stdout (for {@code $(...)}); never the key, not even in an error.
 */
@Command(
        name = "address",
        mixinStandardHelpOptions = true,
        description = {
            "Print the allocator's address derived offline from its private key.",
            "The key is 0x and 64 hex digits, in a file (as infra/deployment/secrets/allocator_private_key)",
            "or in ALLOCATOR_PRIVATE_KEY; a trailing newline is ignored. The key itself is never printed."
        },
        footer = {
            "",
            "Example:",
            "  export ALLOCATOR_ADDRESS=$(./allocator address --key-file infra/deployment/secrets/allocator_private_key)"
        })
public final class AddressCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--key-file",
            paramLabel = "FILE",
            defaultValue = "${env:ALLOCATOR_KEY_FILE}",
            description = "A file holding the private key (env ALLOCATOR_KEY_FILE); wins over --key.")
    Path keyFile;

    @Option(
            names = "--key",
            paramLabel = "HEX",
            defaultValue = "${env:ALLOCATOR_PRIVATE_KEY}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "The private key itself (env ALLOCATOR_PRIVATE_KEY; prefer the variable or"
                    + " --key-file: options show in the process list).")
    String key;

    @Override
    public Integer call() {
        String hex;
        String source;
        if (keyFile != null) {
            source = keyFile.toString();
            try {
                hex = Files.readString(keyFile);
            } catch (IOException e) {
                spec.commandLine().getErr().println("Cannot read the key file " + keyFile + ": " + e.getMessage());
                return 1;
            }
        } else if (key != null && !key.isBlank()) {
            source = "--key (or ALLOCATOR_PRIVATE_KEY)";
            hex = key;
        } else {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give --key-file FILE, or the key in ALLOCATOR_PRIVATE_KEY");
        }
        SigningKey signingKey;
        try {
            signingKey = SigningKey.fromHex(hex.strip());
        } catch (RuntimeException e) {
            // Not the parser's message: it might quote what it was given.
            spec.commandLine()
                    .getErr()
                    .println("Not a private key in " + source
                            + ": expected 0x and 64 hex digits within the curve order.");
            return 1;
        }
        spec.commandLine().getOut().println(signingKey.address().checksummed());
        return 0;
    }
}
