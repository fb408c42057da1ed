package dev.allocator.query.nonce;

import static dev.allocator.readmodel.jooq.read_model.Tables.NONCE_FLOORS;

import dev.allocator.http.ApiException;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.Nonce;
import dev.allocator.query.session.AuthenticatedSession;
import dev.allocator.query.session.SessionAuthenticator;
import dev.allocator.query.web.ErrorCode;
import dev.allocator.query.web.PathParameters;
import java.math.BigInteger;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /suggested-nonce/:chainId: the lowest fragment the sponsor has not used on the chain, as a
 * full nonce (sponsor ‖ fragment), read from the floor the projector keeps: one key lookup.
 */
@RestController
class NonceController {
    private final SessionAuthenticator sessions;

    NonceController(SessionAuthenticator sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/suggested-nonce/{chainId}")
    SuggestedNonce suggestedNonce(
            @RequestHeader(value = SessionAuthenticator.HEADER, required = false) String token,
            @PathVariable String chainId) {
        AuthenticatedSession session = sessions.authenticate(token);
        ChainId chain = PathParameters.chainId(chainId);
        BigInteger floor = session.view()
                .dsl()
                .select(NONCE_FLOORS.NEXT_FRAGMENT)
                .from(NONCE_FLOORS)
                .where(NONCE_FLOORS.CHAIN_ID.eq(chain.value()))
                .and(NONCE_FLOORS.SPONSOR.eq(session.sponsor().bytes()))
                .fetchOptional(NONCE_FLOORS.NEXT_FRAGMENT)
                .orElse(BigInteger.ZERO);
        if (floor.compareTo(Nonce.MAX_FRAGMENT) > 0) {
            throw new ApiException(ErrorCode.NONCE_SPACE_EXHAUSTED);
        }
        return new SuggestedNonce(new Nonce(session.sponsor(), floor).toString());
    }

    record SuggestedNonce(String nonce) {}
}
