package dev.allocator.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.security.ApiKey;
import dev.allocator.security.Role;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The command service's operator routes on its real database: /admin/keys for admins only, key
 * revocation effective at once, usage counted, and the public API untouched by keys.
 */
@ExtendWith(KafkaBroker.class)
class OperatorKeysIT {
    static CommandStack stack;
    static CommandInstance instance;
    static String api;

    @BeforeAll
    static void start() {
        stack = CommandStack.start("operator-keys", 1);
        instance = stack.instances().get(0);
        api = instance.baseUrl();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void listsKeysForAdminsOnly() {
        String admin = instance.createKey(Role.ADMIN);

        assertThat(Http.get(api + "/admin/keys", Map.of()).body().path("code").asString())
                .isEqualTo("API_KEY_REQUIRED");
        Http.Response byAuditor = Http.get(api + "/admin/keys", Map.of("X-API-Key", instance.createKey(Role.AUDITOR)));
        assertThat(byAuditor.status()).isEqualTo(403);
        assertThat(byAuditor.body().path("code").asString()).isEqualTo("FORBIDDEN_ROLE");
        Http.Response byAdmin = Http.get(api + "/admin/keys", Map.of("Authorization", "Bearer " + admin));
        assertThat(byAdmin.status()).as(byAdmin.raw()).isEqualTo(200);
        // The secret may itself hold an underscore (base64url): take it as the key's parser does.
        assertThat(byAdmin.raw())
                .doesNotContain(ApiKey.parse(admin).orElseThrow().secret());
    }

    @Test
    void revokedKeyIsRefusedAndItsUsesAreCounted() {
        String admin = instance.createKey(Role.ADMIN);
        String operator = instance.createKey(Role.OPERATOR);
        String id = operator.substring(4, 20);
        assertThat(Http.get(api + "/actuator/metrics", Map.of("X-API-Key", operator))
                        .status())
                .isEqualTo(200);

        JsonNode listed = null;
        for (JsonNode key :
                Http.get(api + "/admin/keys", Map.of("X-API-Key", admin)).body().path("keys")) {
            if (key.path("id").asString().equals(id)) {
                listed = key;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("useCount").asLong()).isEqualTo(1);
        assertThat(listed.path("role").asString()).isEqualTo("operator");

        assertThat(Http.delete(api + "/admin/keys/" + id, Map.of("X-API-Key", admin))
                        .status())
                .isEqualTo(204);
        Http.Response refused = Http.get(api + "/actuator/metrics", Map.of("X-API-Key", operator));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().path("code").asString()).isEqualTo("INVALID_API_KEY");
    }

    @Test
    void publicApiNeedsNoKey() {
        assertThat(Http.get(api + "/health", Map.of()).status()).isEqualTo(200);
    }
}
