package dev.allocator.local;

import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.ChainId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./allocator demo}: {@link QuickstartClient} against a running stack. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Walk a development wallet through sign-in and a compact on a running stack.",
            "It prints every request; docs/quickstart.md does the same by hand."
        })
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "API_URL",
            defaultValue = "${env:ALLOCATOR_API_URL:-http://localhost:3000}",
            description = "The API (env ALLOCATOR_API_URL).")
    String api;

    @Option(
            names = "--chain",
            paramLabel = "ID",
            defaultValue = "${env:ALLOCATOR_DEMO_CHAIN:-10}",
            description = "The chain to sign in on and allocate on (env ALLOCATOR_DEMO_CHAIN).")
    long chain;

    @Override
    public Integer call() throws Exception {
        QuickstartClient.Outcome outcome;
        try {
            outcome = new QuickstartClient(api, SigningKey.fromHex(QuickstartClient.DEMO_KEY)).run(ChainId.of(chain));
        } catch (java.io.IOException | IllegalStateException e) {
            spec.commandLine().getErr().println("Demo failed: " + e.getMessage());
            return 1;
        }
        System.out.println();
        System.out.println("Signed by the allocator " + outcome.signer() + ": " + outcome.signature());
        return 0;
    }
}
