package dev.allocator.command.sponsor;

import static dev.allocator.command.sponsor.SponsorFixture.ALLOCATOR;
import static dev.allocator.command.sponsor.SponsorFixture.ALLOCATOR_ID;
import static dev.allocator.command.sponsor.SponsorFixture.CHAIN;
import static dev.allocator.command.sponsor.SponsorFixture.SESSION;
import static dev.allocator.command.sponsor.SponsorFixture.SPONSOR;
import static dev.allocator.command.sponsor.SponsorFixture.T0;
import static dev.allocator.command.sponsor.SponsorFixture.allocate;
import static dev.allocator.command.sponsor.SponsorFixture.compact;
import static dev.allocator.command.sponsor.SponsorFixture.nonceWithFragment;
import static dev.allocator.command.sponsor.SponsorFixture.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.model.audit.Actor;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.compact.CompactV0;
import dev.allocator.model.control.ControlEvent;
import dev.allocator.model.control.SigningStatus;
import dev.allocator.model.message.Command;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.Rejection;
import dev.allocator.model.message.Reply;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Nonce;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SponsorDeciderTest {
    private final SponsorFixture fixture = new SponsorFixture().givenSession();
    private final Instant now = T0.plusSeconds(60);
    private final Instant expires = now.plusSeconds(3600);

    private Decision allocateAt(Compact compact, String balance) {
        return fixture.handle(allocate(compact, snapshot(balance, now)), now);
    }

    private static void assertRejected(Decision decision, Rejection reason, String message) {
        assertThat(decision.reply()).isEqualTo(new Reply.Rejected(reason, message));
        assertThat(decision.events()).isEmpty();
    }

    @Nested
    class Signing {
        @Test
        void signsACompactWithAnAssignedNonceAndRecordsItInTheEvent() {
            Decision decision = allocateAt(compact(null, expires, "100"), "1000");

            Reply.CompactSigned signed = (Reply.CompactSigned) decision.reply();
            Event.CompactAllocated event =
                    (Event.CompactAllocated) decision.events().get(0);
            assertThat(signed.nonce()).isEqualTo(new Nonce(SPONSOR, BigInteger.ZERO).value());
            assertThat(event.compact().nonce()).isEqualTo(signed.nonce());
            assertThat(event.nonceAssigned()).isTrue();
            assertThat(event.claimHash())
                    .isEqualTo(CompactV0.claimHash(event.compact()))
                    .isEqualTo(signed.claimHash());
            assertThat(event.digest()).isEqualTo(CompactV0.digest(CHAIN, event.claimHash()));
            assertThat(signed.signature().recover(event.digest())).contains(ALLOCATOR.address());
        }

        @Test
        void assignsTheLowestUnusedFragmentAroundExplicitlyUsedNonces() {
            allocateAt(compact(nonceWithFragment(0), expires, "1"), "1000");
            allocateAt(compact(nonceWithFragment(1), expires, "1"), "1000");
            allocateAt(compact(nonceWithFragment(3), expires, "1"), "1000");

            assertThat(((Reply.CompactSigned) allocateAt(compact(null, expires, "1"), "1000")
                                    .reply())
                            .nonce())
                    .isEqualTo(nonceWithFragment(2));
            assertThat(((Reply.CompactSigned) allocateAt(compact(null, expires, "1"), "1000")
                                    .reply())
                            .nonce())
                    .isEqualTo(nonceWithFragment(4));
        }

        @Test
        void numbersEventsPerSponsorWithoutGaps() {
            allocateAt(compact(null, expires, "1"), "1000");
            allocateAt(compact(null, expires, "5000"), "1000");
            allocateAt(compact(null, expires, "1"), "1000");

            assertThat(fixture.sequence()).isEqualTo(3);
        }

        @Test
        void keepsTheWitnessInTheSignedCompact() {
            Compact withWitness = new Compact(
                    SponsorFixture.ARBITER,
                    SPONSOR,
                    null,
                    Uint256.of(expires.getEpochSecond()),
                    SponsorFixture.LOCK,
                    Uint256.of(10),
                    "Mandate mandate)Mandate(uint256 x)",
                    Bytes32.of("0x" + "ab".repeat(32)));

            Event.CompactAllocated event = (Event.CompactAllocated)
                    allocateAt(withWitness, "1000").events().get(0);

            assertThat(event.compact().witnessTypeString()).isEqualTo("Mandate mandate)Mandate(uint256 x)");
            assertThat(event.claimHash()).isEqualTo(CompactV0.claimHash(event.compact()));
        }
    }

    @Nested
    class Paused {
        private final SigningStatus paused =
                SigningStatus.of(new ControlEvent.SigningPaused(T0, Actor.apiKey("k_ops"), "incident"));

        @Test
        void refusesACompactWhileSigningIsPausedAndSpendsNothing() {
            Decision refused =
                    fixture.handle(allocate(compact(null, expires, "100"), snapshot("1000", now)), now, paused);

            assertRejected(refused, Rejection.SIGNING_PAUSED, SponsorDecider.SIGNING_PAUSED);
            // Nothing was spent: the first compact after the pause gets the first nonce.
            Reply.CompactSigned signed = (Reply.CompactSigned)
                    allocateAt(compact(null, expires, "100"), "1000").reply();
            assertThat(signed.nonce()).isEqualTo(new Nonce(SPONSOR, BigInteger.ZERO).value());
        }

        @Test
        void refusesEvenAnIdempotentRepeatOfACompactSignedBeforeThePause() {
            Command.AllocateCompact command = new Command.AllocateCompact(
                    SESSION, CHAIN, compact(null, expires, "100"), snapshot("1000", now), "key-1");
            Reply first = fixture.handle(command, now).reply();

            assertRejected(
                    fixture.handle(command, now, paused), Rejection.SIGNING_PAUSED, SponsorDecider.SIGNING_PAUSED);
            assertThat(fixture.handle(command, now).reply()).isEqualTo(first);
        }

        @Test
        void keepsSigningInRefreshAndSignOutGoing() {
            Decision signIn = fixture.handle(
                    new Command.CreateSession(
                            "session-2",
                            SPONSOR,
                            CHAIN,
                            "localhost",
                            "nonce-session-2",
                            now,
                            now.plusSeconds(3600),
                            now.plusSeconds(86_400)),
                    now,
                    paused);
            Decision refresh = fixture.handle(
                    new Command.RefreshSession("session-2", SPONSOR, "session-3", now.plusSeconds(7200)), now, paused);
            Decision signOut = fixture.handle(new Command.RevokeSession("session-3", SPONSOR), now, paused);

            assertThat(signIn.isRejected()).isFalse();
            assertThat(refresh.isRejected()).as(String.valueOf(refresh.reply())).isFalse();
            assertThat(signOut.isRejected()).isFalse();
        }
    }

    @Nested
    class Rules {
        @Test
        void rejectsANonceOfAnotherSponsor() {
            Uint256 foreign =
                    new Nonce(Address.of("0x0000000000000000000000000000000000000009"), BigInteger.ONE).value();
            assertRejected(
                    allocateAt(compact(foreign, expires, "1"), "1000"),
                    Rejection.NONCE_MISMATCH,
                    "Nonce does not match sponsor address");
        }

        @Test
        void rejectsAUsedNonceEvenAfterItsCompactExpired() {
            allocateAt(compact(nonceWithFragment(7), expires, "1"), "1000");
            Instant later = expires.plusSeconds(86_400);

            Decision decision = fixture.handle(
                    allocate(compact(nonceWithFragment(7), later.plusSeconds(60), "1"), snapshot("1000", later)),
                    later);

            assertRejected(decision, Rejection.NONCE_USED, "Nonce has already been used");
        }

        @Test
        void rejectsAnExpiredCompact() {
            assertRejected(allocateAt(compact(null, now, "1"), "1000"), Rejection.EXPIRED, "Compact has expired");
        }

        @Test
        void rejectsAnExpiryMoreThanTwoHoursAhead() {
            assertRejected(
                    allocateAt(compact(null, now.plusSeconds(7201), "1"), "1000"),
                    Rejection.EXPIRATION_TOO_FAR,
                    "Expiration must be within 2 hours");
            assertThat(allocateAt(compact(null, now.plusSeconds(7200), "1"), "1000")
                            .isRejected())
                    .isFalse();
        }

        @Test
        void rejectsAResetPeriodShorterThanTheExpiry() {
            LockId tenMinutes = LockId.parse("0x3000000000000000000000010000000000000000000000000000000000000000");
            Compact compact = new Compact(
                    SponsorFixture.ARBITER,
                    SPONSOR,
                    null,
                    Uint256.of(now.getEpochSecond() + 601),
                    tenMinutes,
                    Uint256.ONE,
                    null,
                    null);
            assertRejected(
                    fixture.handle(allocate(compact, snapshot("1000", now)), now),
                    Rejection.RESET_PERIOD_TOO_SHORT,
                    "Reset period would allow forced withdrawal before expiration");
        }

        @Test
        void rejectsAMissingLock() {
            assertRejected(
                    fixture.handle(allocate(compact(null, expires, "1"), snapshot(null, now)), now),
                    Rejection.LOCK_NOT_FOUND,
                    "Resource lock not found");
        }

        @Test
        void rejectsALockWithForcedWithdrawalEnabled() {
            assertRejected(
                    fixture.handle(
                            allocate(
                                    compact(null, expires, "1"),
                                    snapshot("1000", "0", 1, ALLOCATOR_ID, List.of(), now)),
                            now),
                    Rejection.FORCED_WITHDRAWAL_ENABLED,
                    "Resource lock has forced withdrawals enabled");
        }

        @Test
        void rejectsALockOfAnotherAllocatorOrAnUnsupportedChain() {
            assertRejected(
                    fixture.handle(
                            allocate(
                                    compact(null, expires, "1"),
                                    snapshot("1000", "0", 0, Uint256.of(2), List.of(), now)),
                            now),
                    Rejection.INVALID_ALLOCATOR_ID,
                    "Invalid allocator ID");
            assertRejected(
                    fixture.handle(
                            allocate(compact(null, expires, "1"), snapshot("1000", "0", 0, null, List.of(), now)), now),
                    Rejection.INVALID_ALLOCATOR_ID,
                    "Invalid allocator ID");
        }

        @Test
        void rejectsASessionOfAnotherSponsor() {
            Compact foreign = new Compact(
                    SponsorFixture.ARBITER,
                    Address.of("0x0000000000000000000000000000000000000009"),
                    null,
                    Uint256.of(expires.getEpochSecond()),
                    SponsorFixture.LOCK,
                    Uint256.ONE,
                    null,
                    null);
            assertRejected(
                    fixture.handle(
                            new Command.AllocateCompact(SESSION, CHAIN, foreign, snapshot("1000", now), null), now),
                    Rejection.SPONSOR_MISMATCH,
                    "Sponsor address does not match session");
        }

        @Test
        void rejectsAnUnknownOrRevokedSession() {
            assertRejected(
                    fixture.handle(
                            new Command.AllocateCompact(
                                    "nope", CHAIN, compact(null, expires, "1"), snapshot("1000", now), null),
                            now),
                    Rejection.INVALID_SESSION,
                    "Invalid session");

            assertThat(fixture.handle(new Command.RevokeSession(SESSION, SPONSOR), now)
                            .isRejected())
                    .isFalse();

            assertRejected(
                    allocateAt(compact(null, expires, "1"), "1000"), Rejection.INVALID_SESSION, "Invalid session");
            assertRejected(
                    fixture.handle(new Command.RevokeSession(SESSION, SPONSOR), now),
                    Rejection.INVALID_SESSION,
                    "Invalid session");
        }

        @Test
        void forgetsExpiredSessionsAndNoncesWithoutChangingDecisions() {
            Instant afterExpiry = T0.plusSeconds(7 * 86_400 + 1);

            assertThat(fixture.state.forgetExpiredSessions(SPONSOR, afterExpiry))
                    .isEqualTo(2);

            assertThat(fixture.store.size()).isEqualTo(1); // the sponsor's sequence stays
            assertRejected(
                    fixture.handle(
                            new Command.AllocateCompact(
                                    SESSION,
                                    CHAIN,
                                    compact(null, afterExpiry.plusSeconds(60), "1"),
                                    snapshot("1000", afterExpiry),
                                    null),
                            afterExpiry),
                    Rejection.INVALID_SESSION,
                    "Invalid session");
            assertThat(fixture.state.forgetExpiredSessions(SPONSOR, T0)).isZero();
        }

        @Test
        void forgetsTheSponsorsExpiredSessionsWhenItSignsInAgain() {
            Instant afterExpiry = T0.plusSeconds(7 * 86_400 + 1);

            Decision signIn = fixture.handle(
                    new Command.CreateSession(
                            "session-2",
                            SPONSOR,
                            CHAIN,
                            "localhost",
                            "nonce-session-2",
                            afterExpiry,
                            afterExpiry.plusSeconds(3600)),
                    afterExpiry);

            assertThat(signIn.isRejected()).isFalse();
            assertThat(fixture.state.session(SESSION)).isEmpty();
            assertThat(fixture.state.siweNonceUsed("nonce" + SESSION + "00")).isFalse();
            assertThat(fixture.state.session("session-2")).isPresent();
            assertThat(SponsorState.fold(fixture.emitted, new SortedMapView(), SponsorFixture.REPLIES)
                            .dump())
                    .isEqualTo(fixture.state.dump());
        }

        @Test
        void refusesASignInNonceTwice() {
            Decision again = fixture.handle(
                    new Command.CreateSession(
                            "session-2",
                            SPONSOR,
                            CHAIN,
                            "localhost",
                            "nonce" + SESSION + "00",
                            T0,
                            T0.plusSeconds(3600)),
                    now);
            assertRejected(again, Rejection.SESSION_NONCE_USED, SponsorDecider.NO_SESSION_REQUEST);
        }
    }

    @Nested
    class Refresh {
        private static final String LONG = "session-long";
        private final Instant signIn = T0.plusSeconds(10);
        private final Instant absolute = signIn.plus(java.time.Duration.ofDays(8));

        private Decision signInWithAbsoluteExpiry() {
            return fixture.handle(
                    new Command.CreateSession(
                            LONG,
                            SPONSOR,
                            CHAIN,
                            "localhost",
                            "nonce-long",
                            signIn,
                            signIn.plus(java.time.Duration.ofDays(7)),
                            absolute),
                    signIn);
        }

        private Decision refresh(String sessionId, String newSessionId, Instant at) {
            return fixture.handle(
                    new Command.RefreshSession(sessionId, SPONSOR, newSessionId, at.plus(java.time.Duration.ofDays(7))),
                    at);
        }

        @Test
        void replacesALiveSessionByANewOneInOneEvent() {
            signInWithAbsoluteExpiry();
            Instant at = signIn.plusSeconds(3600);

            Decision decision = refresh(LONG, "session-new", at);

            Instant expiresAt = at.plus(java.time.Duration.ofDays(7));
            assertThat(decision.events())
                    .containsExactly(new Event.SessionRefreshed(LONG, "session-new", SPONSOR, expiresAt, absolute));
            assertThat(decision.reply())
                    .isEqualTo(new Reply.SessionRefreshAccepted("session-new", SPONSOR, expiresAt, absolute));
            assertThat(fixture.state.session(LONG).orElseThrow().revoked()).isTrue();
            assertThat(fixture.state.session("session-new").orElseThrow())
                    .isEqualTo(new SessionRecord(SPONSOR, expiresAt, absolute, false));
            assertThat(SponsorState.fold(fixture.emitted, new SortedMapView(), SponsorFixture.REPLIES)
                            .dump())
                    .isEqualTo(fixture.state.dump());
        }

        @Test
        void refusesTheOldSessionAndServesTheNewOneAfterARefresh() {
            signInWithAbsoluteExpiry();
            Instant at = signIn.plusSeconds(60);
            refresh(LONG, "session-new", at);
            Compact compact = compact(null, at.plusSeconds(600), "1");

            assertRejected(
                    fixture.handle(new Command.AllocateCompact(LONG, CHAIN, compact, snapshot("1000", at), null), at),
                    Rejection.INVALID_SESSION,
                    "Invalid session");
            assertRejected(refresh(LONG, "session-other", at), Rejection.INVALID_SESSION, "Invalid session");
            assertRejected(
                    fixture.handle(new Command.RevokeSession(LONG, SPONSOR), at),
                    Rejection.INVALID_SESSION,
                    "Invalid session");
            assertThat(fixture.handle(
                                    new Command.AllocateCompact(
                                            "session-new", CHAIN, compact, snapshot("1000", at), null),
                                    at)
                            .reply())
                    .isInstanceOf(Reply.CompactSigned.class);
        }

        @Test
        void capsTheNewExpiryAtTheAbsoluteExpiryThenRefusesToRefreshFurther() {
            signInWithAbsoluteExpiry();
            Instant late = signIn.plus(java.time.Duration.ofDays(3));

            Decision capped = refresh(LONG, "session-2", late);
            assertThat(((Reply.SessionRefreshAccepted) capped.reply()).expiresAt())
                    .isEqualTo(absolute);

            assertRejected(
                    refresh("session-2", "session-3", late.plusSeconds(60)),
                    Rejection.SESSION_LIFETIME_EXHAUSTED,
                    SponsorDecider.LIFETIME_EXHAUSTED);
            assertThat(fixture.state.session("session-2").orElseThrow().revoked())
                    .isFalse();
        }

        @Test
        void neverShortensTheSessionItReplaces() {
            signInWithAbsoluteExpiry();

            Decision early = fixture.handle(
                    new Command.RefreshSession(LONG, SPONSOR, "session-2", signIn.plus(java.time.Duration.ofDays(2))),
                    signIn.plusSeconds(1));

            assertThat(((Reply.SessionRefreshAccepted) early.reply()).expiresAt())
                    .isEqualTo(signIn.plus(java.time.Duration.ofDays(7)));
        }

        @Test
        void cannotExtendASessionSignedInBeforeAbsoluteExpiriesExisted() {
            // givenSession's CreateSession carries no absolute expiry: it means the session's own.
            assertRejected(
                    refresh(SESSION, "session-2", now),
                    Rejection.SESSION_LIFETIME_EXHAUSTED,
                    SponsorDecider.LIFETIME_EXHAUSTED);
        }

        @Test
        void refusesAnUnknownRevokedExpiredOrForeignSession() {
            signInWithAbsoluteExpiry();
            assertRejected(refresh("nope", "session-2", now), Rejection.INVALID_SESSION, "Invalid session");
            assertRejected(
                    fixture.handle(
                            new Command.RefreshSession(
                                    LONG,
                                    Address.of("0x0000000000000000000000000000000000000009"),
                                    "session-2",
                                    now.plusSeconds(3600)),
                            now),
                    Rejection.INVALID_SESSION,
                    "Invalid session");
            assertRejected(
                    refresh(LONG, "session-2", signIn.plus(java.time.Duration.ofDays(7))),
                    Rejection.INVALID_SESSION,
                    "Invalid session");
            fixture.handle(new Command.RevokeSession(LONG, SPONSOR), now);
            assertRejected(refresh(LONG, "session-2", now), Rejection.INVALID_SESSION, "Invalid session");
        }

        @Test
        void neverLetsTheAbsoluteExpiryComeBeforeTheSessionsOwn() {
            Decision signedIn = fixture.handle(
                    new Command.CreateSession(
                            "s-short",
                            SPONSOR,
                            CHAIN,
                            "localhost",
                            "nonce-short",
                            signIn,
                            signIn.plusSeconds(3600),
                            signIn.plusSeconds(60)),
                    signIn);

            assertThat(((Event.SessionCreated) signedIn.events().get(0)).absoluteExpiresAt())
                    .isEqualTo(signIn.plusSeconds(3600));
        }
    }

    @Nested
    class Balance {
        @Test
        void neverAllocatesMoreThanTheAllocatableBalance() {
            for (int i = 0; i < 10; i++) {
                assertThat(allocateAt(compact(null, expires, "100"), "1000").isRejected())
                        .isFalse();
            }
            assertRejected(
                    allocateAt(compact(null, expires, "1"), "1000"),
                    Rejection.INSUFFICIENT_BALANCE,
                    "Insufficient allocatable balance (have 1000, need 1001)");
        }

        @Test
        void doesNotCountUnfinalizedCredits() {
            Decision decision = fixture.handle(
                    allocate(compact(null, expires, "600"), snapshot("1000", "500", 0, ALLOCATOR_ID, List.of(), now)),
                    now);
            assertRejected(
                    decision, Rejection.INSUFFICIENT_BALANCE, "Insufficient allocatable balance (have 500, need 600)");
        }

        @Test
        void releasesAnAllocationOnceExpiredPastTheFinalizationThreshold() {
            allocateAt(compact(null, expires, "1000"), "1000");
            Instant atExpiry = expires.plusSeconds(3);
            Instant afterThreshold = expires.plusSeconds(4);

            assertThat(fixture.handle(
                                    allocate(compact(null, atExpiry.plusSeconds(60), "1"), snapshot("1000", atExpiry)),
                                    atExpiry)
                            .isRejected())
                    .isTrue();
            assertThat(fixture.handle(
                                    allocate(
                                            compact(null, afterThreshold.plusSeconds(60), "1000"),
                                            snapshot("1000", afterThreshold)),
                                    afterThreshold)
                            .isRejected())
                    .isFalse();
        }

        @Test
        void releasesAnAllocationWhoseClaimWasProcessed() {
            Event.CompactAllocated first = (Event.CompactAllocated)
                    allocateAt(compact(null, expires, "1000"), "1000").events().get(0);

            Decision decision = fixture.handle(
                    allocate(
                            compact(null, expires, "1000"),
                            snapshot("1000", "0", 0, ALLOCATOR_ID, List.of(first.claimHash()), now)),
                    now);

            assertThat(decision.isRejected()).isFalse();
        }

        @Test
        void neverDecidesBackInTimeWhenClocksDisagree() {
            allocateAt(compact(null, expires, "1000"), "1000");
            Instant skewedBack = now.minusSeconds(30);

            Decision decision =
                    fixture.handle(allocate(compact(null, expires, "1"), snapshot("1000", skewedBack)), skewedBack);

            assertThat(decision.at()).isEqualTo(now);
            assertThat(decision.isRejected()).isTrue();
        }
    }

    @Nested
    class Idempotency {
        @Test
        void answersARetryWithTheFirstSignatureAndAllocatesOnce() {
            Command.AllocateCompact command = new Command.AllocateCompact(
                    SESSION, CHAIN, compact(null, expires, "600"), snapshot("1000", now), "key-1");

            Decision first = fixture.handle(command, now);
            Decision retry = fixture.handle(command, now.plusSeconds(1));

            assertThat(retry.reply()).isEqualTo(first.reply());
            assertThat(retry.events()).isEmpty();
            assertThat(fixture.sequence()).isEqualTo(2);
        }

        @Test
        void refusesTheSameKeyForADifferentRequest() {
            fixture.handle(
                    new Command.AllocateCompact(
                            SESSION, CHAIN, compact(null, expires, "1"), snapshot("1000", now), "key-2"),
                    now);

            Decision other = fixture.handle(
                    new Command.AllocateCompact(
                            SESSION, CHAIN, compact(null, expires, "2"), snapshot("1000", now), "key-2"),
                    now);

            assertThat(other.reply()).isInstanceOf(Reply.Rejected.class);
            assertThat(((Reply.Rejected) other.reply()).reason()).isEqualTo(Rejection.IDEMPOTENCY_KEY_REUSED);
        }
    }
}
