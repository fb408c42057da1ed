package dev.allocator.query.compact;

import dev.allocator.http.ApiException;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.query.session.AuthenticatedSession;
import dev.allocator.query.session.SessionAuthenticator;
import dev.allocator.query.web.ErrorCode;
import dev.allocator.query.web.PathParameters;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /compacts and GET /compact/:chainId/:claimHash, for the session's own sponsor only.
 *
 * <p>GET /compacts returns every compact, newest first, as the reference does. With {@code limit}
 * it returns at most that many; when more exist, the response carries {@code x-next-cursor}, to be
 * sent back as {@code cursor} for the next page.
 */
@RestController
class CompactController {
    static final String NEXT_CURSOR = "x-next-cursor";
    private static final int MAX_LIMIT = 1000;
    /** Without a limit a page holds this many compacts; {@code X-Next-Cursor} leads to the next. */
    static final int DEFAULT_LIMIT = 100;

    private final SessionAuthenticator sessions;
    private final CompactQueries queries;

    CompactController(SessionAuthenticator sessions, CompactQueries queries) {
        this.sessions = sessions;
        this.queries = queries;
    }

    @GetMapping("/compacts")
    ResponseEntity<byte[]> compacts(
            @RequestHeader(value = SessionAuthenticator.HEADER, required = false) String token,
            @RequestParam(value = "limit", required = false) String limitText,
            @RequestParam(value = "cursor", required = false) String cursorText) {
        AuthenticatedSession session = sessions.authenticate(token);
        int limit = limit(limitText);
        Long before = cursor(cursorText);
        CompactQueries.Page page = queries.bySponsor(session.view().dsl(), session.sponsor(), before, limit);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (page.nextCursor() != null) {
            response.header(NEXT_CURSOR, Long.toString(page.nextCursor()));
        }
        return response.body(("[" + page.elements() + "]").getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/compact/{chainId}/{claimHash}")
    ResponseEntity<byte[]> compact(
            @RequestHeader(value = SessionAuthenticator.HEADER, required = false) String token,
            @PathVariable String chainId,
            @PathVariable String claimHash) {
        AuthenticatedSession session = sessions.authenticate(token);
        ChainId chain = PathParameters.chainId(chainId);
        Bytes32 hash = PathParameters.claimHash(claimHash);
        String document = queries.byChainAndClaimHash(session.view().dsl(), session.sponsor(), chain, hash)
                .orElseThrow(() -> new ApiException(ErrorCode.COMPACT_NOT_FOUND));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body(document.getBytes(StandardCharsets.UTF_8));
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1 || limit > MAX_LIMIT || !text.equals(Integer.toString(limit))) {
                throw new ApiException(ErrorCode.INVALID_LIMIT);
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_LIMIT, e);
        }
    }

    private static Long cursor(String text) {
        if (text == null) {
            return null;
        }
        try {
            long cursor = Long.parseLong(text);
            if (cursor < 1 || !text.equals(Long.toString(cursor))) {
                throw new ApiException(ErrorCode.INVALID_CURSOR);
            }
            return cursor;
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_CURSOR, e);
        }
    }
}
