package dev.allocator.command.session;

import dev.allocator.command.audit.AuditTrail;
import dev.allocator.command.chain.RegisteredAllocatorIds;
import dev.allocator.command.config.SessionProperties;
import dev.allocator.command.gateway.CommandGateway;
import dev.allocator.command.web.ErrorCode;
import dev.allocator.command.web.Rejections;
import dev.allocator.http.ApiException;
import dev.allocator.http.CommonErrorCode;
import dev.allocator.http.RequestFacts;
import dev.allocator.model.message.Command;
import dev.allocator.model.message.Reply;
import dev.allocator.model.session.SessionToken;
import dev.allocator.model.session.SessionTokens;
import dev.allocator.model.siwe.SiweMessage;
import dev.allocator.model.siwe.SiweVerification;
import dev.allocator.model.siwe.SiweVerifier;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Sign-In with Ethereum: hand out a payload, turn its signature into a session, refresh a session,
 * end a session.
 */
@RestController
class SessionController {
    static final String INVALID_STRUCTURE = "Invalid session payload structure";
    static final String NO_REQUEST = "No matching session request found or request expired";
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Instances' clocks may differ a little; a payload issued by a neighbour is not "in the future". */
    private static final long CLOCK_SKEW_SECONDS = 5;

    private final SessionProperties settings;
    private final SignInNonces nonces;
    private final SessionTokens tokens;
    private final SessionAuthenticator authenticator;
    private final CommandGateway gateway;
    private final RegisteredAllocatorIds allocatorIds;
    private final Clock clock;
    private final AuditTrail audit;
    private final URI base;
    private final String domain;

    SessionController(
            SessionProperties settings,
            SessionTokens tokens,
            SessionAuthenticator authenticator,
            CommandGateway gateway,
            RegisteredAllocatorIds allocatorIds,
            Clock clock,
            AuditTrail audit) {
        this.settings = settings;
        this.nonces = new SignInNonces(settings.nonceSecret());
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.gateway = gateway;
        this.allocatorIds = allocatorIds;
        this.clock = clock;
        this.audit = audit;
        this.base = URI.create(settings.baseUrl());
        this.domain = base.getAuthority();
    }

    @GetMapping("/session/{chainId}/{address}")
    Map<String, Object> payload(@PathVariable String chainId, @PathVariable String address) {
        ChainId chain = parseChain(chainId);
        Address sponsor;
        try {
            sponsor = Address.of(address);
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    ErrorCode.INVALID_ADDRESS, "Invalid Ethereum address format: " + abbreviate(address));
        }
        requireSupported(chain);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String issuedAt = MILLIS.format(now);
        String expirationTime = MILLIS.format(now.plus(settings.lifetime()));
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("domain", domain);
        session.put("address", sponsor.checksummed());
        session.put("uri", settings.baseUrl());
        session.put("statement", settings.statement());
        session.put("version", SiweMessage.VERSION);
        session.put("chainId", chain.value());
        session.put("nonce", nonces.issue(sponsor, chain, issuedAt, expirationTime));
        session.put("issuedAt", issuedAt);
        session.put("expirationTime", expirationTime);
        return Map.of("session", session);
    }

    @PostMapping("/session")
    Map<String, Object> signIn(@RequestBody JsonNode body) {
        SignInRequest request = null;
        try {
            request = SignInRequest.parse(body);
            Map<String, Object> answer = signIn(request);
            audit.signedIn(request.address(), request.chainId());
            return answer;
        } catch (RuntimeException e) {
            audit.signInFailed(
                    request == null ? null : request.address(), request == null ? null : request.chainId(), e);
            throw e;
        }
    }

    private Map<String, Object> signIn(SignInRequest request) {
        Instant now = clock.instant();
        checkAgainstThisAllocator(request, now);
        SiweMessage message = request.toMessage();
        SiweVerification verification = SiweVerifier.verify(message, request.signature(), now);
        if (verification instanceof SiweVerification.Rejected rejected) {
            throw new ApiException(ErrorCode.INVALID_SIGNATURE, "Invalid signature: " + rejected.reason());
        }
        RequestFacts.sponsor(request.address().lowercase());
        String sessionId = UUID.randomUUID().toString();
        Instant expiresAt = request.expirationTime();
        Reply reply = gateway.send(
                new Command.CreateSession(
                        sessionId,
                        request.address(),
                        request.chainId(),
                        request.domain(),
                        request.nonce(),
                        request.issuedAt(),
                        expiresAt,
                        now.truncatedTo(ChronoUnit.SECONDS).plus(settings.absoluteLifetime())),
                now);
        if (reply instanceof Reply.Rejected rejected) {
            throw Rejections.toApi(rejected);
        }
        if (!(reply instanceof Reply.SessionAccepted)) {
            throw Rejections.unexpected(reply);
        }
        String token = tokens.issue(
                new SessionToken(sessionId, request.address(), now.truncatedTo(ChronoUnit.SECONDS), expiresAt));
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", token);
        session.put("address", request.address().checksummed());
        session.put("expiresAt", MILLIS.format(expiresAt));
        session.put("nonce", request.nonce());
        session.put("domain", request.domain());
        return Map.of("session", session);
    }

    /**
     * A new token for a live session, valid for another lifetime but never past the session's
     * absolute expiry. The old token is revoked in the same decision, so no instance and no read
     * model ever accepts both after the answer.
     */
    @PostMapping("/session/refresh")
    Map<String, Object> refresh(@RequestHeader(name = SessionAuthenticator.HEADER, required = false) String token) {
        Instant now = clock.instant();
        SessionToken session = authenticator.authenticate(token, now);
        Reply.SessionRefreshAccepted accepted;
        try {
            accepted = refreshDecided(session, now);
        } catch (RuntimeException e) {
            audit.refreshFailed(session.sponsor(), e);
            throw e;
        }
        audit.sessionRefreshed(session.sponsor());
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        String refreshed =
                tokens.issue(new SessionToken(accepted.sessionId(), session.sponsor(), issuedAt, accepted.expiresAt()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", refreshed);
        answer.put("address", session.sponsor().checksummed());
        answer.put("expiresAt", MILLIS.format(accepted.expiresAt()));
        answer.put("absoluteExpiresAt", MILLIS.format(accepted.absoluteExpiresAt()));
        return Map.of("session", answer);
    }

    private Reply.SessionRefreshAccepted refreshDecided(SessionToken session, Instant now) {
        Reply reply = gateway.send(
                new Command.RefreshSession(
                        session.sessionId(),
                        session.sponsor(),
                        UUID.randomUUID().toString(),
                        now.truncatedTo(ChronoUnit.SECONDS).plus(settings.lifetime())),
                now);
        if (reply instanceof Reply.Rejected rejected) {
            throw Rejections.toApi(rejected);
        }
        if (!(reply instanceof Reply.SessionRefreshAccepted accepted)) {
            throw Rejections.unexpected(reply);
        }
        return accepted;
    }

    @DeleteMapping("/session")
    Map<String, Object> signOut(@RequestHeader(name = SessionAuthenticator.HEADER, required = false) String token) {
        Instant now = clock.instant();
        SessionToken session = authenticator.authenticate(token, now);
        Reply reply = gateway.send(new Command.RevokeSession(session.sessionId(), session.sponsor()), now);
        if (reply instanceof Reply.Rejected rejected) {
            throw Rejections.toApi(rejected);
        }
        audit.signedOut(session.sponsor());
        return Map.of("success", true);
    }

    private void checkAgainstThisAllocator(SignInRequest request, Instant now) {
        if (!domain.equals(request.domain())) {
            throw structure("domain must be " + domain);
        }
        if (!isUnderBase(request.uri())) {
            throw structure("uri must be under " + settings.baseUrl());
        }
        requireSupported(request.chainId());
        if (!settings.statement().equals(request.statement())) {
            throw structure("statement must be \"" + settings.statement() + "\"");
        }
        if (request.issuedAt().isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))) {
            throw structure("issuedAt is in the future");
        }
        if (!request.expirationTime().isAfter(now)) {
            throw new ApiException(ErrorCode.SESSION_REQUEST_EXPIRED, NO_REQUEST);
        }
        if (!nonces.isAuthentic(
                request.nonce(),
                request.address(),
                request.chainId(),
                request.issuedAtText(),
                request.expirationTimeText())) {
            throw new ApiException(ErrorCode.SESSION_REQUEST_UNKNOWN, NO_REQUEST);
        }
    }

    /**
     * A session is bound to a chain (EIP-4361); this allocator hands out sessions only for the chains
     * it serves. Once signed in, a sponsor may allocate on any of them, as with the reference: each
     * compact's own signature binds its chain. Before the list of chains was ever loaded (indexer
     * down since start) a sign-in is not refused: nothing can be allocated until it is loaded.
     */
    private void requireSupported(ChainId chain) {
        if (allocatorIds.loaded() && allocatorIds.on(chain).isEmpty()) {
            throw new ApiException(ErrorCode.UNSUPPORTED_CHAIN);
        }
    }

    /**
     * The signed {@code uri} must be this allocator's base URL or a path below it, compared as
     * parsed URIs: same origin, no user info, no dot segments (which would climb out of the path).
     */
    private boolean isUnderBase(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (!base.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                || !base.getHost().equalsIgnoreCase(String.valueOf(uri.getHost()))
                || base.getPort() != uri.getPort()
                || uri.getRawUserInfo() != null
                || uri.getPath() == null) {
            return false;
        }
        List<String> segments = List.of(uri.getPath().split("/", -1));
        if (segments.contains(".") || segments.contains("..")) {
            return false;
        }
        String basePath = base.getPath().endsWith("/")
                ? base.getPath().substring(0, base.getPath().length() - 1)
                : base.getPath();
        return uri.getPath().equals(basePath) || uri.getPath().startsWith(basePath + "/");
    }

    private static String abbreviate(String text) {
        return text.length() > 66 ? text.substring(0, 66) + "…" : text;
    }

    static ApiException structure(String reason) {
        return new ApiException(ErrorCode.INVALID_SESSION_PAYLOAD, INVALID_STRUCTURE, reason);
    }

    static ChainId parseChain(String text) {
        try {
            return ChainId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(CommonErrorCode.INVALID_CHAIN_ID);
        }
    }

    static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw structure(field + " must be an ISO-8601 instant");
        }
    }
}
