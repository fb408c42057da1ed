package dev.allocator.query.admin;

import dev.allocator.http.ApiException;
import dev.allocator.model.value.Address;
import dev.allocator.query.consistency.ReadBarrier;
import dev.allocator.query.web.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/sponsors/{address}?limit=&cursor=} (auditor role): one sponsor as the read
 * models know it. Sessions (newest {@code limit}, ids shown as references, never a token), compacts
 * newest first in pages of {@code limit} (1 to 1000; when more remain, {@code x-next-cursor} holds
 * the {@code cursor} of the next page, as for GET /compacts), the nonces in use per chain and the
 * live allocations per lock. Read from the serving generation without waiting for the projector.
 */
@RestController
class SponsorController {
    static final String NEXT_CURSOR = "x-next-cursor";

    private final ReadBarrier readModel;
    private final AdminProperties properties;
    private final Clock clock = Clock.systemUTC();

    SponsorController(ReadBarrier readModel, AdminProperties properties) {
        this.readModel = readModel;
        this.properties = properties;
    }

    @GetMapping("/admin/sponsors/{address}")
    ResponseEntity<Map<String, Object>> sponsor(
            @PathVariable String address,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        Address sponsor = address(address);
        int pageSize = limit == null ? properties.sponsorDefaultLimit() : limit(limit);
        Long before = cursor == null ? null : cursor(cursor);
        var view = readModel.current().orElseThrow(() -> new ApiException(ErrorCode.READ_MODEL_UNAVAILABLE));
        Instant now = clock.instant();
        SponsorQueries.SponsorView found = SponsorQueries.read(view.dsl(), sponsor, now, pageSize, before);

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sponsor", sponsor.lowercase());
        answer.put("at", now.toString());
        answer.put("lastSequence", found.lastSequence());
        Map<String, Object> sessions = new LinkedHashMap<>();
        sessions.put("live", found.liveSessions());
        sessions.put("total", found.sessionCount());
        sessions.put("newest", found.sessions());
        answer.put("sessions", sessions);
        Map<String, Object> compacts = new LinkedHashMap<>();
        compacts.put("total", found.compactCount());
        compacts.put("page", found.compacts());
        answer.put("compacts", compacts);
        answer.put("nonces", found.nonces());
        answer.put("liveAllocations", found.liveAllocations());
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (found.nextCursor() != null) {
            response.header(NEXT_CURSOR, Long.toString(found.nextCursor()));
        }
        return response.body(answer);
    }

    private static Address address(String text) {
        try {
            return Address.of(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_ADDRESS, "Invalid Ethereum address format: " + abbreviate(text));
        }
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_LIMIT);
    }

    private static long cursor(String text) {
        try {
            long sequence = Long.parseLong(text);
            if (sequence >= 1) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_CURSOR);
    }

    /** Client text in an error: printable and short. */
    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "…";
    }
}
