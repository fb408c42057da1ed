package dev.allocator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointGroupsTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, /session/1/0x00000000000000000000000000000000000000aa, SIGN_IN",
        "POST, /session, SIGN_IN",
        "POST, /session/refresh, SIGN_IN",
        "POST, //session/, SIGN_IN",
        "POST, /compact, COMPACTS",
        "POST, /v1/compact, COMPACTS",
        "GET, /session, READS",
        "DELETE, /session, READS",
        "GET, /compacts, READS",
        "GET, /balance/1/0xabc/0x1, READS",
        "HEAD, /compacts, READS",
        "GET, /admin/keys, ADMIN",
        "DELETE, /admin/keys/k1, ADMIN",
        "GET, /actuator/metrics, ADMIN",
        "POST, /actuator/readmodel, ADMIN",
        "GET, /actuator/health/, ",
        "GET, /actuator/health/liveness, ",
        "GET, /actuator/info, ",
        "GET, /actuator/prometheus, ",
        "GET, /health, ",
        "OPTIONS, /compact, ",
    })
    void classifiesRequestsIntoTheDesignsGroups(String method, String path, RateLimitGroup expected) {
        assertThat(EndpointGroups.classify(method, path)).isEqualTo(java.util.Optional.ofNullable(expected));
    }
}
