package dev.allocator.command.processor;

import dev.allocator.command.sponsor.Decision;
import dev.allocator.model.message.Command;
import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per decision, its facts as key-value pairs (fields of the JSON line, not only words in
 * the message), so an operator can filter decisions by sponsor, outcome or reason. It is written
 * before the transaction commits: it carries the claim hash and nonce, never the signature, which
 * may leave the system only with its committed event.
 */
final class DecisionLog {
    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);

    private DecisionLog() {}

    static void decided(CommandEnvelope command, Decision decision, long nanos) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String outcome = outcome(decision);
        LoggingEventBuilder line = log.atInfo()
                .addKeyValue("command", command.command().getClass().getSimpleName())
                .addKeyValue("sponsor", command.sponsor().lowercase())
                .addKeyValue("outcome", outcome)
                // The envelope's request id: the events' causation id, not the HTTP X-Request-Id.
                .addKeyValue("commandId", command.requestId())
                .addKeyValue("durationMs", nanos / 1_000_000.0);
        String reason = "none";
        if (decision.reply() instanceof Reply.Rejected rejected) {
            reason = rejected.reason().name();
        }
        line.addKeyValue("reason", reason);
        if (command.command() instanceof Command.AllocateCompact allocate) {
            line.addKeyValue("chain", allocate.chainId().value());
        } else if (command.command() instanceof Command.CreateSession session) {
            line.addKeyValue("chain", session.chainId().value());
        }
        if (decision.reply() instanceof Reply.CompactSigned signed) {
            line.addKeyValue("nonce", signed.nonce().toHex32())
                    .addKeyValue("claimHash", signed.claimHash().value());
        }
        line.log(
                "Decided {} for {}: {}{}",
                command.command().getClass().getSimpleName(),
                command.sponsor().lowercase(),
                outcome,
                "none".equals(reason) ? "" : " (" + reason + ")");
    }

    /** {@code accepted}, {@code rejected}, or {@code repeated}: an idempotent retry answered from state. */
    static String outcome(Decision decision) {
        if (decision.isRejected()) {
            return "rejected";
        }
        return decision.events().isEmpty() ? "repeated" : "accepted";
    }
}
