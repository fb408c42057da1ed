package dev.allocator.command.audit;

import dev.allocator.command.gateway.DecisionUnconfirmedException;
import dev.allocator.http.ApiException;
import dev.allocator.http.RequestIds;
import dev.allocator.kafka.audit.AuditLog;
import dev.allocator.model.audit.Actor;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.model.audit.AuditOutcome;
import dev.allocator.model.audit.AuditRecord;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.ChainId;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The command side's one place that turns what a request did into {@code allocator.audit}
 * records. Controllers call one method per action; this class picks the actor, the outcome and the
 * reason, and adds the request id. Only ids and error codes go in: never a token, a signature, a
 * SIWE message or a request body.
 *
 * <p>Recording never fails the request: a record that cannot be built or sent is logged and
 * dropped ({@link AuditLog} counts what it cannot send).
 */
@Component
public class AuditTrail {
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditLog auditLog;
    private final Clock clock;

    AuditTrail(ObjectProvider<AuditLog> auditLog, Clock clock) {
        this.auditLog = auditLog.getIfAvailable(() -> AuditLog.DISCARD);
        this.clock = clock;
    }

    /** A session was created for {@code sponsor} on {@code chain}. */
    public void signedIn(Address sponsor, ChainId chain) {
        record(AuditAction.SIGN_IN, Actor.sponsor(sponsor), AuditOutcome.SUCCESS, null, chainDetails(chain));
    }

    /**
     * A sign-in was refused or failed. The actor is the sponsor the payload named when it could be
     * read, otherwise the client's address; the reason is the answer's error code.
     */
    public void signInFailed(Address sponsor, ChainId chain, RuntimeException error) {
        record(
                AuditAction.SIGN_IN_FAILED,
                sponsorOrClient(sponsor),
                outcome(error),
                reason(error),
                chainDetails(chain));
    }

    /** A session was revoked by its holder. */
    public void signedOut(Address sponsor) {
        record(AuditAction.SIGN_OUT, Actor.sponsor(sponsor), AuditOutcome.SUCCESS, null, Map.of());
    }

    /** A session was replaced by a new token ({@code POST /session/refresh}). */
    public void sessionRefreshed(Address sponsor) {
        record(AuditAction.SESSION_REFRESHED, Actor.sponsor(sponsor), AuditOutcome.SUCCESS, null, Map.of());
    }

    /** A refresh was refused (the session is past its absolute lifetime) or could not be decided. */
    public void refreshFailed(Address sponsor, RuntimeException error) {
        record(AuditAction.SESSION_REFRESHED, Actor.sponsor(sponsor), outcome(error), reason(error), Map.of());
    }

    /**
     * Any other action: the entry point for emitters added later (admin actions, key management,
     * rate-limit aggregates).
     */
    public void record(
            AuditAction action, Actor actor, AuditOutcome outcome, String reason, Map<String, String> details) {
        try {
            auditLog.record(new AuditRecord(
                    UUID.randomUUID(), clock.instant(), action, actor, outcome, reason, requestId(), details));
        } catch (RuntimeException e) {
            log.warn("Audit record of {} not written: {}", action, e.toString());
        }
    }

    /** The client as this service saw it: the peer address of the connection. */
    public static Actor client() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            String address = request.getRemoteAddr();
            if (address != null && !address.isBlank()) {
                return Actor.clientIp(address);
            }
        }
        return Actor.clientIp("unknown");
    }

    private static Actor sponsorOrClient(Address sponsor) {
        return sponsor == null ? client() : Actor.sponsor(sponsor);
    }

    /** Refused: a rule said no (4xx). Failed: the allocator could not decide (5xx, unconfirmed). */
    static AuditOutcome outcome(RuntimeException error) {
        if (error instanceof ApiException api && api.code().status().is4xxClientError()) {
            return AuditOutcome.REFUSED;
        }
        return AuditOutcome.FAILED;
    }

    static String reason(RuntimeException error) {
        if (error instanceof ApiException api) {
            return api.code().name();
        }
        if (error instanceof DecisionUnconfirmedException) {
            return "DECISION_UNCONFIRMED";
        }
        return "INTERNAL_ERROR";
    }

    private static Map<String, String> chainDetails(ChainId chain) {
        Map<String, String> details = new LinkedHashMap<>();
        if (chain != null) {
            details.put("chainId", Long.toString(chain.value()));
        }
        return details;
    }

    private static String requestId() {
        String id = MDC.get(RequestIds.MDC_KEY);
        return id == null || id.isEmpty() ? null : id;
    }
}
