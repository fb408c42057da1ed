package dev.allocator.command.sponsor;

import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.compact.Compact;
import dev.allocator.model.compact.CompactV0;
import dev.allocator.model.control.SigningStatus;
import dev.allocator.model.crypto.Signature;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.message.Command;
import dev.allocator.model.message.Command.AllocateCompact;
import dev.allocator.model.message.Command.CreateSession;
import dev.allocator.model.message.Command.RefreshSession;
import dev.allocator.model.message.Command.RevokeSession;
import dev.allocator.model.message.CommandEnvelope;
import dev.allocator.model.message.Event;
import dev.allocator.model.message.Rejection;
import dev.allocator.model.message.Reply;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.Nonce;
import dev.allocator.model.value.Uint256;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * The allocator's rules as one pure function: {@code decide(command, state, snapshot, now)}. It
 * reads the sponsor's state and the indexer snapshot carried in the command, never the network or
 * a clock, and signs with a deterministic signature, so a replay reaches the same decisions.
 */
public final class SponsorDecider {
    static final long MAX_EXPIRY_SECONDS = 2 * 60 * 60;
    static final String INVALID_SESSION = "Invalid session";
    static final String NO_SESSION_REQUEST = "No matching session request found or request expired";
    static final String SIGNING_PAUSED = "Signing is paused by the operator; nothing was signed, retry later";
    static final String LIFETIME_EXHAUSTED = "Session has reached its absolute lifetime; sign in again";

    private final SigningKey allocatorKey;

    public SponsorDecider(SigningKey allocatorKey) {
        this.allocatorKey = allocatorKey;
    }

    /** The address the accepted compacts are signed as. */
    public Address signer() {
        return allocatorKey.address();
    }

    public Decision decide(CommandEnvelope envelope, SponsorState state) {
        return decide(envelope, state, SigningStatus.ACTIVE);
    }

    /**
     * @param signing the fold of {@code allocator.control} as the processor has applied it: while
     *     paused, no compact is decided, so nothing is signed and no event or nonce is spent; the
     *     sessions go on (sign-in, refresh and sign-out sign nothing with the allocator key)
     */
    public Decision decide(CommandEnvelope envelope, SponsorState state, SigningStatus signing) {
        Command command = envelope.command();
        Instant now = state.decisionTime(command.sponsor(), envelope.issuedAt());
        if (command instanceof AllocateCompact allocate) {
            if (signing.paused()) {
                return Decision.reject(Rejection.SIGNING_PAUSED, SIGNING_PAUSED, now);
            }
            return allocate(allocate, state, now);
        }
        if (command instanceof CreateSession create) {
            return createSession(create, state, now);
        }
        if (command instanceof RevokeSession revoke) {
            return revokeSession(revoke, state, now);
        }
        if (command instanceof RefreshSession refresh) {
            return refreshSession(refresh, state, now);
        }
        throw new IllegalArgumentException("no rule for " + command.getClass().getSimpleName());
    }

    private Decision createSession(CreateSession create, SponsorState state, Instant now) {
        if (state.siweNonceUsed(create.siweNonce()) || !now.isBefore(create.expiresAt())) {
            return Decision.reject(Rejection.SESSION_NONCE_USED, NO_SESSION_REQUEST, now);
        }
        if (state.session(create.sessionId()).isPresent()) {
            return Decision.reject(Rejection.SESSION_NONCE_USED, NO_SESSION_REQUEST, now);
        }
        // Never before the session's own expiry, whatever an older or skewed HTTP tier asked for.
        Instant absolute =
                create.absoluteExpiresAt() == null || create.absoluteExpiresAt().isBefore(create.expiresAt())
                        ? create.expiresAt()
                        : create.absoluteExpiresAt();
        Event event = new Event.SessionCreated(
                create.sessionId(),
                create.sponsor(),
                create.chainId(),
                create.domain(),
                create.siweNonce(),
                create.issuedAt(),
                create.expiresAt(),
                absolute);
        return Decision.accept(
                event, new Reply.SessionAccepted(create.sessionId(), create.sponsor(), create.expiresAt()), now);
    }

    private Decision revokeSession(RevokeSession revoke, SponsorState state, Instant now) {
        boolean live = state.session(revoke.sessionId())
                .map(s -> s.isLiveFor(revoke.sponsor(), now))
                .orElse(false);
        if (!live) {
            return Decision.reject(Rejection.INVALID_SESSION, INVALID_SESSION, now);
        }
        return Decision.accept(
                new Event.SessionRevoked(revoke.sessionId(), revoke.sponsor()),
                new Reply.SessionRevocationAccepted(revoke.sessionId()),
                now);
    }

    /**
     * Replaces a live session by a new one ending at the expiry asked for, capped at the session's
     * absolute expiry and never before the old session's own expiry. Once a session ends at its
     * absolute expiry a refresh has nothing left to give and is refused: its holder must sign in
     * again before it ends.
     */
    private Decision refreshSession(RefreshSession refresh, SponsorState state, Instant now) {
        Optional<SessionRecord> session = state.session(refresh.sessionId());
        if (session.isEmpty() || !session.get().isLiveFor(refresh.sponsor(), now)) {
            return Decision.reject(Rejection.INVALID_SESSION, INVALID_SESSION, now);
        }
        if (refresh.newSessionId().equals(refresh.sessionId())
                || state.session(refresh.newSessionId()).isPresent()) {
            return Decision.reject(Rejection.INVALID_REQUEST, "Session id already in use", now);
        }
        Instant absolute = session.get().absoluteExpiresAt();
        Instant current = session.get().expiresAt();
        if (!current.isBefore(absolute)) {
            return Decision.reject(Rejection.SESSION_LIFETIME_EXHAUSTED, LIFETIME_EXHAUSTED, now);
        }
        Instant capped = refresh.expiresAt().isAfter(absolute) ? absolute : refresh.expiresAt();
        Instant expiresAt = capped.isBefore(current) ? current : capped;
        return Decision.accept(
                new Event.SessionRefreshed(
                        refresh.sessionId(), refresh.newSessionId(), refresh.sponsor(), expiresAt, absolute),
                new Reply.SessionRefreshAccepted(refresh.newSessionId(), refresh.sponsor(), expiresAt, absolute),
                now);
    }

    private Decision allocate(AllocateCompact command, SponsorState state, Instant now) {
        Compact requested = command.compact();
        Address sponsor = requested.sponsor();
        Optional<SessionRecord> session = state.session(command.sessionId());
        if (session.isEmpty()
                || session.get().revoked()
                || !now.isBefore(session.get().expiresAt())) {
            return Decision.reject(Rejection.INVALID_SESSION, INVALID_SESSION, now);
        }
        if (!session.get().sponsor().equals(sponsor)) {
            return Decision.reject(Rejection.SPONSOR_MISMATCH, "Sponsor address does not match session", now);
        }

        Bytes32 fingerprint = command.fingerprint();
        if (command.idempotencyKey() != null) {
            Optional<SponsorState.IdempotentAnswer> earlier = state.idempotentAnswer(sponsor, command.idempotencyKey());
            if (earlier.isPresent()) {
                return earlier.get().fingerprint().equals(fingerprint)
                        ? Decision.answer(earlier.get().reply(), now)
                        : Decision.reject(
                                Rejection.IDEMPOTENCY_KEY_REUSED,
                                "Idempotency-Key was already used for a different request",
                                now);
            }
        }

        Optional<Decision> structural = checkAmounts(requested, now);
        if (structural.isPresent()) {
            return structural.get();
        }

        Nonce nonce;
        if (requested.hasNonce()) {
            nonce = Nonce.of(requested.nonce());
            if (!nonce.belongsTo(sponsor)) {
                return Decision.reject(Rejection.NONCE_MISMATCH, "Nonce does not match sponsor address", now);
            }
            if (state.nonceUsed(command.chainId(), nonce)) {
                return Decision.reject(Rejection.NONCE_USED, "Nonce has already been used", now);
            }
        } else {
            BigInteger fragment = state.lowestUnusedFragment(command.chainId(), sponsor);
            if (fragment.compareTo(Nonce.MAX_FRAGMENT) > 0) {
                return Decision.reject(Rejection.NONCE_SPACE_EXHAUSTED, "No unused nonce is left", now);
            }
            nonce = new Nonce(sponsor, fragment);
        }

        Optional<Decision> timing = checkTiming(requested, now);
        if (timing.isPresent()) {
            return timing.get();
        }
        Optional<Decision> lock = checkLock(requested, command.snapshot(), now);
        if (lock.isPresent()) {
            return lock.get();
        }

        LockSnapshot snapshot = command.snapshot();
        Uint256 allocatable = snapshot.allocatable();
        Uint256 allocated =
                state.allocated(command.chainId(), sponsor, requested.id(), now, snapshot.processedClaims());
        BigInteger need = allocated.value().add(requested.amount().value());
        if (need.compareTo(allocatable.value()) > 0) {
            return Decision.reject(
                    Rejection.INSUFFICIENT_BALANCE,
                    "Insufficient allocatable balance (have " + allocatable + ", need " + need + ")",
                    now);
        }

        Compact compact = requested.withNonce(nonce.value());
        Bytes32 claimHash = CompactV0.claimHash(compact);
        Bytes32 digest = CompactV0.digest(command.chainId(), claimHash);
        Signature signature = allocatorKey.sign(digest);
        Event event = new Event.CompactAllocated(
                command.sessionId(),
                command.chainId(),
                compact,
                claimHash,
                digest,
                signature,
                !requested.hasNonce(),
                snapshot,
                command.idempotencyKey(),
                fingerprint);
        return Decision.accept(event, new Reply.CompactSigned(claimHash, signature, nonce.value()), now);
    }

    private static Optional<Decision> checkAmounts(Compact compact, Instant now) {
        if (compact.expires().isZero()) {
            return Optional.of(Decision.reject(Rejection.INVALID_REQUEST, "expires must be a positive number", now));
        }
        if (compact.amount().isZero()) {
            return Optional.of(Decision.reject(Rejection.INVALID_REQUEST, "amount must be a positive number", now));
        }
        return Optional.empty();
    }

    private static Optional<Decision> checkTiming(Compact compact, Instant now) {
        BigInteger expires = compact.expires().value();
        BigInteger nowSeconds = BigInteger.valueOf(now.getEpochSecond());
        if (expires.compareTo(nowSeconds) <= 0) {
            return Optional.of(Decision.reject(Rejection.EXPIRED, "Compact has expired", now));
        }
        if (expires.compareTo(nowSeconds.add(BigInteger.valueOf(MAX_EXPIRY_SECONDS))) > 0) {
            return Optional.of(Decision.reject(Rejection.EXPIRATION_TOO_FAR, "Expiration must be within 2 hours", now));
        }
        if (compact.id().value().isZero()) {
            return Optional.of(Decision.reject(Rejection.INVALID_REQUEST, "Invalid ID: must be positive", now));
        }
        long resetPeriod = compact.id().resetPeriod().seconds();
        if (nowSeconds.add(BigInteger.valueOf(resetPeriod)).compareTo(expires) < 0) {
            return Optional.of(Decision.reject(
                    Rejection.RESET_PERIOD_TOO_SHORT,
                    "Reset period would allow forced withdrawal before expiration",
                    now));
        }
        return Optional.empty();
    }

    private static Optional<Decision> checkLock(Compact compact, LockSnapshot snapshot, Instant now) {
        if (snapshot == null || !snapshot.lockExists()) {
            return Optional.of(Decision.reject(Rejection.LOCK_NOT_FOUND, "Resource lock not found", now));
        }
        if (snapshot.withdrawalStatus() != 0) {
            return Optional.of(Decision.reject(
                    Rejection.FORCED_WITHDRAWAL_ENABLED, "Resource lock has forced withdrawals enabled", now));
        }
        Uint256 registered = snapshot.registeredAllocatorId();
        if (registered == null || !registered.value().equals(compact.id().allocatorId())) {
            return Optional.of(Decision.reject(Rejection.INVALID_ALLOCATOR_ID, "Invalid allocator ID", now));
        }
        return Optional.empty();
    }
}
