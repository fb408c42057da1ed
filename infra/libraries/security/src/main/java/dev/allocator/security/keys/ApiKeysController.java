package dev.allocator.security.keys;

import dev.allocator.http.ApiException;
import dev.allocator.http.CommonErrorCode;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.security.ApiKeyStore;
import dev.allocator.security.ApiKeyVerifier;
import dev.allocator.security.KeyUsage;
import dev.allocator.security.OperatorAudit;
import dev.allocator.security.StoredKey;
import dev.allocator.security.otp.SecondFactor;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/keys} lists every key with its usage; {@code DELETE /admin/keys/{id}} revokes
 * one (with a second factor when the caller's key has one). Admin role (see PathRules). Never a
 * hash or a secret in an answer.
 */
@RestController
class ApiKeysController {
    /** What an admin sees of a key. */
    record KeyView(
            String id,
            String role,
            String note,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            Instant lastUsedAt,
            long useCount,
            boolean totpEnrolled) {
        static KeyView of(StoredKey key) {
            return new KeyView(
                    key.id(),
                    key.role().label(),
                    key.note(),
                    key.createdAt(),
                    key.expiresAt(),
                    key.revokedAt(),
                    key.lastUsedAt(),
                    key.useCount(),
                    key.totpEnrolled());
        }
    }

    record KeyList(List<KeyView> keys) {}

    private final ApiKeyStore store;
    private final ApiKeyVerifier verifier;
    private final KeyUsage usage;
    private final SecondFactor secondFactor;
    private final Clock clock;

    private final OperatorAudit audit;

    ApiKeysController(
            ApiKeyStore store,
            ApiKeyVerifier verifier,
            KeyUsage usage,
            SecondFactor secondFactor,
            OperatorAudit audit,
            ObjectProvider<Clock> clock) {
        this.audit = audit;
        this.store = store;
        this.verifier = verifier;
        this.usage = usage;
        this.secondFactor = secondFactor;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @GetMapping("/admin/keys")
    KeyList list() {
        // This instance's uncounted uses first, so that an admin sees at least their own.
        usage.flush();
        return new KeyList(store.list().stream().map(KeyView::of).toList());
    }

    @DeleteMapping("/admin/keys/{id}")
    ResponseEntity<Void> revoke(
            @PathVariable String id,
            @RequestHeader(name = SecondFactor.HEADER, required = false) String otp,
            HttpServletRequest request) {
        try {
            secondFactor.require(otp);
            if (!store.revoke(id, clock.instant()) && store.find(id).isEmpty()) {
                throw new ApiException(CommonErrorCode.NOT_FOUND, "No such API key");
            }
        } catch (ApiException e) {
            audit.refused(AuditAction.KEY_REVOKED, request, e.code(), Map.of("keyId", abbreviate(id)));
            throw e;
        }
        verifier.forget(id);
        audit.performed(AuditAction.KEY_REVOKED, Map.of("keyId", id));
        return ResponseEntity.noContent().build();
    }

    /** An id from the path is client text: only a key id's characters, and short, go in a record. */
    private static String abbreviate(String id) {
        String kept = id.replaceAll("[^0-9A-Za-z_-]", "?");
        return kept.length() <= 64 ? kept : kept.substring(0, 64);
    }
}
