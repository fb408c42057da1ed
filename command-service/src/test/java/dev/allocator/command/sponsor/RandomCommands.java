package dev.allocator.command.sponsor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.message.Command;
import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.EventEnvelope;
import dev.allocator.model.message.Rejection;
import dev.allocator.model.message.Reply;
import dev.allocator.model.testing.Gen;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Nonce;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random command sequences for a few sponsors, steered by what was decided so far: sessions
 * created, refreshed (some up to their absolute expiry) and revoked (some expiring), compacts on a few locks and chains with assigned, explicit,
 * used and foreign nonces, expiries near the limits, idempotency keys fresh and reused, repeats of
 * earlier requests, snapshots reporting earlier claims as processed, and a clock that mostly moves
 * forward, sometimes jumps hours ahead and sometimes lags behind (another instance's skew).
 *
 * <p>It also keeps the first signed answer given to each idempotency key, and checks every later
 * answer to that key against it.
 */
public final class RandomCommands {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Uint256 ALLOCATOR_ID = Uint256.ONE;
    private static final List<ChainId> CHAINS = List.of(ChainId.of(10), ChainId.of(8453));
    private static final Map<ChainId, Long> THRESHOLDS = Map.of(ChainId.of(10), 4L, ChainId.of(8453), 2L);
    /** 30-day reset on two tokens, and a 10-minute reset that refuses longer expiries. */
    private static final List<LockId> LOCKS = List.of(
            LockId.parse("0x7000000000000000000000010000000000000000000000000000000000000000"),
            LockId.parse("0x7000000000000000000000010000000000000000000000000000000000000001"),
            LockId.parse("0x3000000000000000000000010000000000000000000000000000000000000000"));

    private static final List<Address> ARBITERS = List.of(
            Address.of("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"),
            Address.of("0x90F79bf6EB2c4f870365E785982E1f101E93b906"));

    private final Random random;
    private final List<Address> sponsors;
    private final Map<Address, List<String>> sessions = new HashMap<>();
    private final Map<Address, List<String>> siweNonces = new HashMap<>();
    private final Map<Address, List<Bytes32>> claims = new HashMap<>();
    private final Map<Address, List<String>> keys = new HashMap<>();
    private final List<Command.AllocateCompact> allocations = new ArrayList<>();
    private final Map<String, Answer> answers = new LinkedHashMap<>();
    private Instant now = START;
    private int counter;

    /** The first signed answer to an idempotency key, and the request it answered. */
    record Answer(Command.AllocateCompact request, Reply.CompactSigned reply) {}

    public RandomCommands(Random random, int sponsorCount) {
        this.random = random;
        List<Address> chosen = new ArrayList<>();
        for (int i = 0; i < sponsorCount; i++) {
            Address sponsor = Gen.address(random);
            chosen.add(sponsor);
            sessions.put(sponsor, new ArrayList<>());
            siweNonces.put(sponsor, new ArrayList<>());
            claims.put(sponsor, new ArrayList<>());
            keys.put(sponsor, new ArrayList<>());
        }
        this.sponsors = List.copyOf(chosen);
    }

    public List<Address> sponsors() {
        return sponsors;
    }

    /** The next command, stamped with the next (not always later) record time. */
    public CommandEnvelope next() {
        counter++;
        advanceClock();
        Address sponsor = Gen.oneOf(random, sponsors);
        int kind = random.nextInt(100);
        Command command;
        if (kind < 12 || sessions.get(sponsor).isEmpty() && kind < 60) {
            command = createSession(sponsor);
        } else if (kind < 17) {
            command = revokeSession(sponsor);
        } else if (kind < 23) {
            command = refreshSession(sponsor);
        } else if (kind < 33 && !allocations.isEmpty()) {
            command = Gen.oneOf(random, allocations);
        } else {
            command = allocate(sponsor);
        }
        if (command instanceof Command.AllocateCompact allocate) {
            allocations.add(allocate);
        }
        return new CommandEnvelope("r-" + counter, now, command);
    }

    /**
     * Learns from one decision and checks it against the idempotency keys answered before: the same
     * request gets the first answer and no event, another request under the key is refused.
     */
    public void observe(CommandEnvelope command, Reply reply, List<EventEnvelope> events) {
        for (EventEnvelope envelope : events) {
            if (envelope.event() instanceof Event.SessionCreated created) {
                sessions.get(envelope.sponsor()).add(created.sessionId());
                siweNonces.get(envelope.sponsor()).add(created.siweNonce());
            } else if (envelope.event() instanceof Event.SessionRefreshed refreshed) {
                sessions.get(envelope.sponsor()).add(refreshed.sessionId());
            } else if (envelope.event() instanceof Event.CompactAllocated allocated) {
                claims.get(envelope.sponsor()).add(allocated.claimHash());
            }
        }
        if (!(command.command() instanceof Command.AllocateCompact allocate) || allocate.idempotencyKey() == null) {
            return;
        }
        String key = allocate.sponsor().lowercase() + "|" + allocate.idempotencyKey();
        Answer earlier = answers.get(key);
        boolean refusedBeforeIdempotency = reply instanceof Reply.Rejected rejected
                && (rejected.reason() == Rejection.INVALID_SESSION || rejected.reason() == Rejection.SPONSOR_MISMATCH);
        if (earlier == null) {
            if (reply instanceof Reply.CompactSigned signed) {
                answers.put(key, new Answer(allocate, signed));
            }
        } else if (!refusedBeforeIdempotency) {
            if (earlier.request().fingerprint().equals(allocate.fingerprint())) {
                assertThat(reply).as("a retry of %s", key).isEqualTo(earlier.reply());
                assertThat(events).as("a retry of %s", key).isEmpty();
            } else {
                assertThat(reply)
                        .as("another request under %s", key)
                        .isInstanceOfSatisfying(
                                Reply.Rejected.class,
                                r -> assertThat(r.reason()).isEqualTo(Rejection.IDEMPOTENCY_KEY_REUSED));
            }
        }
    }

    /** How many keys were answered with a signature: the cases the idempotency check covers. */
    public int answeredKeys() {
        return answers.size();
    }

    /**
     * The state rebuilt from events alone gives every answered key its first answer, for the same
     * request only: read directly, and decided again through the loop at the latest time.
     */
    public void assertAnswersRebuiltIn(SponsorState folded, DecisionLoop loop) {
        for (Map.Entry<String, Answer> entry : answers.entrySet()) {
            Command.AllocateCompact request = entry.getValue().request();
            assertThat(folded.idempotentAnswer(request.sponsor(), request.idempotencyKey()))
                    .as("the answer to %s, from events alone", entry.getKey())
                    .contains(new SponsorState.IdempotentAnswer(
                            request.fingerprint(), entry.getValue().reply()));

            Instant at = folded.decisionTime(request.sponsor(), now);
            boolean live = folded.session(request.sessionId())
                    .map(s -> s.isLiveFor(request.sponsor(), at))
                    .orElse(false);
            DecisionLoop.Handled replayed = loop.handle(new CommandEnvelope("replay", now, request), folded);
            assertThat(replayed.events()).isEmpty();
            if (live) {
                assertThat(replayed.reply().reply())
                        .as("a replay of %s against the rebuilt state", entry.getKey())
                        .isEqualTo(entry.getValue().reply());
            }
        }
    }

    private void advanceClock() {
        int step = random.nextInt(100);
        if (step < 70) {
            now = now.plusMillis(random.nextInt(120_000));
        } else if (step < 85) {
            now = now.plusSeconds(120 + random.nextInt(1_680));
        } else if (step < 90) {
            now = now.plus(Duration.ofHours(3 + random.nextInt(6)));
        } else {
            now = now.minusMillis(random.nextInt(90_000));
        }
    }

    private Command createSession(Address sponsor) {
        List<String> known = sessions.get(sponsor);
        List<String> nonces = siweNonces.get(sponsor);
        String sessionId = !known.isEmpty() && random.nextInt(20) == 0 ? Gen.oneOf(random, known) : "s-" + counter;
        String siweNonce = !nonces.isEmpty() && random.nextInt(20) == 0
                ? Gen.oneOf(random, nonces)
                : "nonce" + sponsor.lowercase().substring(2, 10) + counter;
        int lifetime = random.nextInt(10);
        Instant expiresAt = lifetime == 0
                ? now.minusSeconds(60)
                : lifetime < 3
                        ? now.plusSeconds(60 + random.nextInt(3_540))
                        : now.plus(Duration.ofDays(1 + random.nextInt(7)));
        int absolute = random.nextInt(6);
        Instant absoluteExpiresAt = absolute == 0
                ? null
                : absolute == 1 ? expiresAt.minusSeconds(30) : expiresAt.plus(Duration.ofHours(random.nextInt(240)));
        return new Command.CreateSession(
                sessionId,
                sponsor,
                CHAINS.get(0),
                "localhost",
                siweNonce,
                now.minusSeconds(5),
                expiresAt,
                absoluteExpiresAt);
    }

    /** Refreshes a known session (sometimes another sponsor's or an unknown one) by up to 8 days. */
    private Command refreshSession(Address sponsor) {
        List<String> known = sessions.get(sponsor);
        String sessionId = known.isEmpty() || random.nextInt(10) == 0
                ? "unknown-" + counter
                : random.nextBoolean() ? known.get(known.size() - 1) : Gen.oneOf(random, known);
        String newSessionId = !known.isEmpty() && random.nextInt(30) == 0 ? Gen.oneOf(random, known) : "s-" + counter;
        Address claimed = random.nextInt(15) == 0 ? Gen.oneOf(random, sponsors) : sponsor;
        return new Command.RefreshSession(
                sessionId, claimed, newSessionId, now.plusSeconds(600 + random.nextInt(8 * 86_400)));
    }

    private Command revokeSession(Address sponsor) {
        List<String> known = sessions.get(sponsor);
        String sessionId = known.isEmpty() || random.nextInt(10) == 0 ? "unknown-" + counter : Gen.oneOf(random, known);
        return new Command.RevokeSession(sessionId, sponsor);
    }

    private Command.AllocateCompact allocate(Address sponsor) {
        String sessionId = session(sponsor);
        ChainId chain = Gen.oneOf(random, CHAINS);
        LockId lock = Gen.oneOf(random, LOCKS);
        Compact compact = new Compact(
                Gen.oneOf(random, ARBITERS),
                sponsor,
                nonce(sponsor),
                Uint256.of(expires()),
                lock,
                Uint256.of(random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(300)),
                null,
                null);
        if (random.nextInt(5) == 0) {
            compact = new Compact(
                    compact.arbiter(),
                    sponsor,
                    compact.nonce(),
                    compact.expires(),
                    lock,
                    compact.amount(),
                    "Mandate mandate)Mandate(uint256 x)",
                    Gen.bytes32(random));
        }
        return new Command.AllocateCompact(sessionId, chain, compact, snapshot(sponsor, chain, lock), key(sponsor));
    }

    private String session(Address sponsor) {
        int pick = random.nextInt(20);
        if (pick == 0) {
            return "unknown-session";
        }
        if (pick == 1) {
            Address other = Gen.oneOf(random, sponsors);
            return sessions.get(other).isEmpty() ? "unknown-session" : Gen.oneOf(random, sessions.get(other));
        }
        List<String> known = sessions.get(sponsor);
        if (known.isEmpty()) {
            return "unknown-session";
        }
        return random.nextBoolean() ? known.get(known.size() - 1) : Gen.oneOf(random, known);
    }

    private Uint256 nonce(Address sponsor) {
        int pick = random.nextInt(100);
        if (pick < 55) {
            return null;
        }
        if (pick < 92) {
            return new Nonce(sponsor, BigInteger.valueOf(random.nextInt(16))).value();
        }
        if (pick < 96) {
            return new Nonce(Gen.oneOf(random, ARBITERS), BigInteger.ONE).value();
        }
        return new Nonce(sponsor, Nonce.MAX_FRAGMENT).value();
    }

    private long expires() {
        long seconds = now.getEpochSecond();
        int pick = random.nextInt(20);
        if (pick == 0) {
            return seconds - random.nextInt(10);
        }
        if (pick == 1) {
            return seconds + 7_195 + random.nextInt(10);
        }
        return seconds + 1 + random.nextInt(7_200);
    }

    private LockSnapshot snapshot(Address sponsor, ChainId chain, LockId lock) {
        int pick = random.nextInt(50);
        List<Bytes32> processed = new ArrayList<>();
        List<Bytes32> known = claims.get(sponsor);
        int count = known.isEmpty() ? 0 : random.nextInt(4);
        for (int i = 0; i < count; i++) {
            processed.add(Gen.oneOf(random, known));
        }
        if (random.nextInt(10) == 0) {
            processed.add(Gen.bytes32(random));
        }
        return new LockSnapshot(
                chain,
                lock,
                sponsor,
                pick == 0 ? Uint256.of(2) : pick == 1 ? null : ALLOCATOR_ID,
                THRESHOLDS.get(chain),
                pick == 2 ? null : Uint256.of(200 + random.nextInt(1_300)),
                pick == 3 ? 1 : 0,
                Uint256.of(random.nextInt(100)),
                processed,
                now);
    }

    private String key(Address sponsor) {
        int pick = random.nextInt(100);
        List<String> used = keys.get(sponsor);
        if (pick < 45) {
            return null;
        }
        if (pick < 85 || used.isEmpty()) {
            String key = "key-" + counter;
            used.add(key);
            return key;
        }
        return Gen.oneOf(random, used);
    }
}
