package dev.allocator.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.http.ApiException;
import dev.allocator.model.audit.AuditAction;
import dev.allocator.query.web.ErrorCode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET /admin/audit's parameters are parsed strictly: anything unexpected is a 400 naming it. */
class AuditQueryTest {

    @Test
    void defaultsToTheNewest100OfEverything() {
        AuditQuery query = AuditQuery.parse(Map.of());

        assertThat(query).isEqualTo(new AuditQuery(null, null, null, null, 100, null));
    }

    @Test
    void parsesEveryFilterAndLowercasesASponsorAddress() {
        AuditQuery.Cursor cursor = new AuditQuery.Cursor(1_767_225_600_000_000L, UUID.randomUUID());
        AuditQuery query = AuditQuery.parse(parameters(
                "from", "2026-01-01T00:00:00Z",
                "to", "2026-01-02T00:00:00Z",
                "actor", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                "action", "SIGN_IN_FAILED",
                "limit", "1000",
                "cursor", cursor.text()));

        assertThat(query)
                .isEqualTo(new AuditQuery(
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-02T00:00:00Z"),
                        "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
                        AuditAction.SIGN_IN_FAILED,
                        1000,
                        cursor));
    }

    @Test
    void keepsAKeyIdOrAnAddressOfAnotherShapeAsGiven() {
        assertThat(AuditQuery.parse(parameters("actor", "Key_01HZ")).actor()).isEqualTo("Key_01HZ");
        assertThat(AuditQuery.parse(parameters("actor", "2001:db8::1")).actor()).isEqualTo("2001:db8::1");
    }

    @ParameterizedTest(name = "{0}={1} is {2}")
    @CsvSource({
        "limit, 0, INVALID_LIMIT",
        "limit, 1001, INVALID_LIMIT",
        "limit, 01, INVALID_LIMIT",
        "limit, ten, INVALID_LIMIT",
        "cursor, zz, INVALID_CURSOR",
        "cursor, bm90LWEtY3Vyc29y, INVALID_CURSOR",
        "action, sign_in, INVALID_AUDIT_QUERY",
        "action, DROP_TABLE, INVALID_AUDIT_QUERY",
        "from, yesterday, INVALID_AUDIT_QUERY",
        "to, 2026-01-01, INVALID_AUDIT_QUERY",
        "actor, '', INVALID_AUDIT_QUERY",
        "who, me, INVALID_AUDIT_QUERY"
    })
    void refusesAMalformedParameter(String name, String value, ErrorCode code) {
        assertThatThrownBy(() -> AuditQuery.parse(parameters(name, value)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void refusesARepeatedParameterAndAnEmptyTimeRange() {
        assertThatThrownBy(() -> AuditQuery.parse(Map.of("limit", new String[] {"1", "2"})))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.reason()).contains("limit may be given once"));
        assertThatThrownBy(() ->
                        AuditQuery.parse(parameters("from", "2026-01-02T00:00:00Z", "to", "2026-01-01T00:00:00Z")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.reason()).contains("before"));
    }

    @Test
    void aCursorRoundTrips() {
        AuditQuery.Cursor cursor = new AuditQuery.Cursor(-5, UUID.randomUUID());

        assertThat(AuditQuery.Cursor.parse(cursor.text())).isEqualTo(cursor);
    }

    private static Map<String, String[]> parameters(String... pairs) {
        Map<String, String[]> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], new String[] {pairs[i + 1]});
        }
        return map;
    }
}
