package dev.allocator.model.testing;

import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.compact.CompactV0;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Command;
import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.Rejection;
import dev.allocator.model.message.Reply;
import dev.allocator.model.message.ReplyEnvelope;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One fixed, realistic instance of every message type: the golden fixtures are these, serialized. */
public final class Samples {
    public static final SigningKey ALLOCATOR = SigningKey.fromHex(Vectors.SIGNER_PRIVATE_KEY);
    public static final Address SPONSOR = Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    public static final Address ARBITER = Address.of("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    public static final ChainId CHAIN = ChainId.of(10);
    public static final LockId LOCK =
            LockId.parse("0x7000000000000000000000010000000000000000000000000000000000000000");
    public static final Instant NOW = Instant.parse("2024-11-25T07:00:00Z");
    public static final String SESSION_ID = "5f0c9a7e-0d8b-4c55-9e8a-3b9f6f3b2a10";
    public static final String REQUEST_ID = "0a7c2d1e-6b1f-4e7b-8f3c-2d9a1b0c4e55";
    public static final String NEW_SESSION_ID = "c2d8e4a1-7b3f-4f0e-9a6d-1e5b2c8f4a73";
    /** Sign-in time plus a 30-day absolute session lifetime. */
    public static final Instant ABSOLUTE_EXPIRY = NOW.plusSeconds(30 * 86_400);

    private Samples() {}

    public static Compact compact() {
        return new Compact(
                ARBITER,
                SPONSOR,
                Uint256.parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8000000000000000000000001"),
                Uint256.of(1732520000),
                LOCK,
                Uint256.parse("1000000000000000000"),
                "Mandate mandate)Mandate(uint256 fillExpires,address recipient)",
                Bytes32.of("0x8721609b55d7be8a49b0ccad7144f5e71629d9b685da31074f7ad76d0584157f"));
    }

    public static LockSnapshot snapshot() {
        return new LockSnapshot(
                CHAIN,
                LOCK,
                SPONSOR,
                Uint256.ONE,
                4,
                Uint256.parse("5000000000000000000"),
                0,
                Uint256.parse("1000000000000000000"),
                List.of(Bytes32.of("0x" + "11".repeat(32))),
                NOW.minusMillis(250));
    }

    public static Map<String, Command> commands() {
        return Map.of(
                "CreateSession",
                new Command.CreateSession(
                        SESSION_ID,
                        SPONSOR,
                        CHAIN,
                        "allocator.example",
                        "x7Kq2mZ9pL4vT8nB",
                        NOW,
                        NOW.plusSeconds(604_800),
                        ABSOLUTE_EXPIRY),
                "RevokeSession",
                new Command.RevokeSession(SESSION_ID, SPONSOR),
                "RefreshSession",
                new Command.RefreshSession(SESSION_ID, SPONSOR, NEW_SESSION_ID, NOW.plusSeconds(604_800)),
                "AllocateCompact",
                new Command.AllocateCompact(SESSION_ID, CHAIN, compact().withNonce(null), snapshot(), "retry-42"));
    }

    public static Map<String, Event> events() {
        Compact compact = compact();
        Bytes32 claimHash = CompactV0.claimHash(compact);
        Bytes32 digest = CompactV0.digest(CHAIN, claimHash);
        return Map.of(
                "SessionCreated",
                new Event.SessionCreated(
                        SESSION_ID,
                        SPONSOR,
                        CHAIN,
                        "allocator.example",
                        "x7Kq2mZ9pL4vT8nB",
                        NOW,
                        NOW.plusSeconds(604_800),
                        ABSOLUTE_EXPIRY),
                "SessionRevoked",
                new Event.SessionRevoked(SESSION_ID, SPONSOR),
                "SessionRefreshed",
                new Event.SessionRefreshed(
                        SESSION_ID, NEW_SESSION_ID, SPONSOR, NOW.plusSeconds(604_800), ABSOLUTE_EXPIRY),
                "CompactAllocated",
                new Event.CompactAllocated(
                        SESSION_ID,
                        CHAIN,
                        compact,
                        claimHash,
                        digest,
                        ALLOCATOR.sign(digest),
                        true,
                        snapshot(),
                        "retry-42"));
    }

    public static Map<String, Reply> replies() {
        Event.CompactAllocated allocated = (Event.CompactAllocated) events().get("CompactAllocated");
        return Map.of(
                "SessionAccepted",
                new Reply.SessionAccepted(SESSION_ID, SPONSOR, NOW.plusSeconds(604_800)),
                "SessionRevocationAccepted",
                new Reply.SessionRevocationAccepted(SESSION_ID),
                "SessionRefreshAccepted",
                new Reply.SessionRefreshAccepted(NEW_SESSION_ID, SPONSOR, NOW.plusSeconds(604_800), ABSOLUTE_EXPIRY),
                "CompactSigned",
                new Reply.CompactSigned(
                        allocated.claimHash(),
                        allocated.signature(),
                        allocated.compact().nonce()),
                "Rejected",
                new Reply.Rejected(
                        Rejection.INSUFFICIENT_BALANCE,
                        "Insufficient allocatable balance (have 4000000000000000000, need 5000000000000000000)"));
    }

    public static CommandEnvelope envelope(Command command) {
        return new CommandEnvelope(REQUEST_ID, NOW, NOW.plusSeconds(5), command);
    }

    public static EventEnvelope envelope(Event event) {
        return new EventEnvelope(
                UUID.fromString("9b2f3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d"), SPONSOR, 7, NOW, REQUEST_ID, event);
    }

    public static ReplyEnvelope envelope(Reply reply) {
        return new ReplyEnvelope(REQUEST_ID, NOW, reply);
    }
}
