package dev.allocator.command.compact;

import dev.allocator.command.gateway.CommandGateway;
import dev.allocator.command.session.SessionAuthenticator;
import dev.allocator.command.signing.SigningView;
import dev.allocator.command.web.ErrorCode;
import dev.allocator.command.web.Rejections;
import dev.allocator.command.web.SigningPausedException;
import dev.allocator.http.ApiException;
import dev.allocator.model.balance.LockSnapshot;
import dev.allocator.model.message.Command;
import dev.allocator.model.message.Reply;
import dev.allocator.model.session.SessionToken;
import dev.allocator.model.value.Address;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * POST /compact: parse at the edge, ask the indexer about the lock, let the sponsor's processor
 * decide, and return the signature only once its event is committed.
 */
@RestController
class CompactController {
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

    private final SessionAuthenticator authenticator;
    private final LockSnapshots snapshots;
    private final CommandGateway gateway;
    private final SigningView signing;
    private final Clock clock;

    CompactController(
            SessionAuthenticator authenticator,
            LockSnapshots snapshots,
            CommandGateway gateway,
            SigningView signing,
            Clock clock) {
        this.authenticator = authenticator;
        this.snapshots = snapshots;
        this.gateway = gateway;
        this.signing = signing;
        this.clock = clock;
    }

    @PostMapping(path = "/compact", consumes = "application/json")
    Map<String, String> allocate(
            @RequestHeader(name = SessionAuthenticator.HEADER, required = false) String token,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody JsonNode body) {
        Instant now = clock.instant();
        SessionToken session = authenticator.authenticate(token, now);
        // Early and cheap, before the indexer and Kafka; the processor's refusal is the guarantee.
        if (signing.status().paused()) {
            throw new SigningPausedException();
        }
        Address claimed = CompactRequest.claimedSponsor(body);
        if (claimed != null && !claimed.equals(session.sponsor())) {
            throw new ApiException(ErrorCode.SPONSOR_MISMATCH);
        }
        CompactRequest request = CompactRequest.parse(body);
        if (!request.compact().sponsor().equals(session.sponsor())) {
            throw new ApiException(ErrorCode.SPONSOR_MISMATCH);
        }
        if (idempotencyKey != null && !isValidIdempotencyKey(idempotencyKey)) {
            throw new ApiException(ErrorCode.INVALID_IDEMPOTENCY_KEY);
        }
        LockSnapshot snapshot = snapshots.fetch(
                request.chainId(), session.sponsor(), request.compact().id(), now);
        Reply reply = gateway.send(
                new Command.AllocateCompact(
                        session.sessionId(), request.chainId(), request.compact(), snapshot, idempotencyKey),
                now);
        if (reply instanceof Reply.Rejected rejected) {
            throw Rejections.toApi(rejected);
        }
        if (!(reply instanceof Reply.CompactSigned signed)) {
            throw Rejections.unexpected(reply);
        }
        Map<String, String> response = new LinkedHashMap<>();
        response.put("hash", signed.claimHash().value());
        response.put("signature", signed.signature().toCompactHex());
        response.put("nonce", signed.nonce().toHex32());
        return response;
    }

    /** Visible ASCII only: the key is logged and fingerprinted, and must mean the same everywhere. */
    static boolean isValidIdempotencyKey(String key) {
        return !key.isEmpty()
                && key.length() <= MAX_IDEMPOTENCY_KEY_LENGTH
                && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
