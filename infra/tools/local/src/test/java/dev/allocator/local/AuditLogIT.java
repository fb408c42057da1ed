package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allocator.command.it.Http;
import dev.allocator.command.it.Wallet;
import dev.allocator.model.crypto.SigningKey;
import dev.allocator.model.value.ChainId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log end to end through the whole stack (command service, broker, projector,
 * PostgreSQL, query service, gateway): a refused sign-in, a sign-in and a sign-out are found by
 * GET /admin/audit, exactly those three for the sponsor, filtered, paged, and without a secret.
 */
class AuditLogIT {
    static final ChainId CHAIN = ChainId.of(10);

    /** The stack's first-run admin key: the audit log needs the auditor role or above. */
    static Map<String, String> admin;

    @Test
    void findsSignInItsRefusalAndSignOutThroughGetAdminAudit() throws Exception {
        LocalOptions options = TestOptions.onFreePorts();
        Wallet wallet = new Wallet(SigningKey.generate(new SecureRandom()));
        try (LocalAllocator stack = new LocalAllocator().start(options)) {
            String api = stack.apiUrl();
            Instant before = Instant.now().minusSeconds(1);

            Http.Response payload =
                    Http.get(api + "/session/" + CHAIN + "/" + wallet.address().checksummed(), Map.of());
            assertThat(payload.status()).as(payload.raw()).isEqualTo(200);
            ObjectNode byAnother = new Wallet(SigningKey.generate(new SecureRandom()))
                    .signedBody(payload.body().get("session"));
            Http.Response refused = Http.post(api + "/session", byAnother, Map.of());
            assertThat(refused.status()).as(refused.raw()).isEqualTo(400);

            ObjectNode signed = wallet.signedBody(payload.body().get("session"));
            Http.Response signedIn = Http.post(api + "/session", signed, Map.of());
            assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(200);
            String token = signedIn.body().at("/session/id").asString();
            Http.Response signedOut = Http.delete(api + "/session", Map.of("x-session-id", token));
            assertThat(signedOut.status()).as(signedOut.raw()).isEqualTo(200);

            String mine = api + "/admin/audit?actor=" + wallet.address().checksummed();
            admin = Map.of(
                    "X-API-Key",
                    Files.readString(options.dataDir().resolve(AdminKey.FILE)).trim());
            Http.Response anonymous = Http.get(mine, Map.of());
            assertThat(anonymous.status())
                    .as("the audit log is for operators: " + anonymous.raw())
                    .isEqualTo(401);
            JsonNode all = awaitRecords(mine, 3);
            assertThat(all).hasSize(3);
            assertThat(all)
                    .extracting(r -> r.get("action").asString())
                    .containsExactly("SIGN_OUT", "SIGN_IN", "SIGN_IN_FAILED");
            assertThat(all)
                    .extracting(r -> r.get("outcome").asString())
                    .containsExactly("success", "success", "refused");
            assertThat(all).allSatisfy(r -> {
                assertThat(r.at("/actor/kind").asString()).isEqualTo("sponsor");
                assertThat(r.at("/actor/id").asString())
                        .isEqualTo(wallet.address().lowercase());
                assertThat(r.get("requestId").asString()).isNotBlank();
            });
            assertThat(all.get(2).get("reason").asString()).isEqualTo("INVALID_SIGNATURE");
            assertThat(all.get(1).at("/details/chainId").asString()).isEqualTo("10");
            String raw = Http.get(mine, admin).raw();
            assertThat(raw)
                    .doesNotContain(token)
                    .doesNotContain(signed.get("signature").asString().substring(2))
                    .doesNotContain(byAnother.get("signature").asString().substring(2))
                    .doesNotContain(payload.body().at("/session/nonce").asString());

            Http.Response failures = Http.get(mine + "&action=SIGN_IN_FAILED", admin);
            assertThat(failures.status()).as(failures.raw()).isEqualTo(200);
            assertThat(failures.body().get("records"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.get("reason").asString()).isEqualTo("INVALID_SIGNATURE"));

            Http.Response first = Http.get(mine + "&limit=2", admin);
            assertThat(first.body().get("records")).hasSize(2);
            String cursor = first.headers().firstValue("x-next-cursor").orElseThrow();
            Http.Response second = Http.get(mine + "&limit=2&cursor=" + cursor, admin);
            assertThat(second.status()).as(second.raw()).isEqualTo(200);
            assertThat(second.body().get("records"))
                    .extracting(r -> r.get("action").asString())
                    .containsExactly("SIGN_IN_FAILED");
            assertThat(second.headers().firstValue("x-next-cursor")).isEmpty();

            Http.Response earlier = Http.get(mine + "&to=" + encode(before.toString()), admin);
            assertThat(earlier.body().get("records")).isEmpty();
            Http.Response since = Http.get(mine + "&from=" + encode(before.toString()), admin);
            assertThat(since.body().get("records")).hasSize(3);

            for (String bad :
                    List.of("limit=0", "limit=1001", "action=NOPE", "from=yesterday", "cursor=zz", "who=me")) {
                Http.Response answer = Http.get(api + "/admin/audit?" + bad, admin);
                assertThat(answer.status()).as(bad + ": " + answer.raw()).isEqualTo(400);
                assertThat(answer.body().get("error").asString()).as(bad).isNotBlank();
                assertThat(answer.body().get("code").asString())
                        .as(bad)
                        .isIn("INVALID_LIMIT", "INVALID_AUDIT_QUERY", "INVALID_CURSOR");
            }

            // Operator actions and refusals, each with who and how it ended.
            String adminKeyId = admin.get("X-API-Key").split("_")[1];
            assertThat(Http.get(api + "/admin/keys", Map.of()).status()).isEqualTo(401);
            assertThat(Http.get(api + "/admin/keys", Map.of("X-API-Key", "alk_00000000000000ff_" + "x".repeat(43)))
                            .status())
                    .isEqualTo(401);
            Http.Response rebuild = Http.post(api + "/admin/read-model/rebuild", "", admin);
            assertThat(rebuild.status()).as(rebuild.raw()).isEqualTo(200);
            JsonNode operator = awaitRecords(api + "/admin/audit?action=ADMIN_ACTION", 3);
            assertThat(operator)
                    .anySatisfy(r -> {
                        assertThat(r.get("outcome").asString()).isEqualTo("success");
                        assertThat(r.at("/actor/kind").asString()).isEqualTo("api-key");
                        assertThat(r.at("/actor/id").asString()).isEqualTo(adminKeyId);
                        assertThat(r.at("/details/operation").asString()).isEqualTo("read-model-rebuild");
                    })
                    .anySatisfy(r -> {
                        assertThat(r.get("reason").asString()).isEqualTo("API_KEY_REQUIRED");
                        assertThat(r.at("/actor/kind").asString()).isEqualTo("client-ip");
                        assertThat(r.at("/details/path").asString()).isEqualTo("/admin/keys");
                    })
                    .anySatisfy(r -> {
                        assertThat(r.get("reason").asString()).isEqualTo("INVALID_API_KEY");
                        assertThat(r.at("/details/keyId").asString()).isEqualTo("00000000000000ff");
                    });
            assertThat(Http.get(api + "/admin/audit?action=ADMIN_ACTION", admin).raw())
                    .doesNotContain(admin.get("X-API-Key"))
                    .doesNotContain("x".repeat(43));
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The records the URL answers, once there are at least {@code count} (the projector is asynchronous). */
    private static JsonNode awaitRecords(String url, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> answers = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Http.Response response = Http.get(url, admin);
            answers.add(response.status() + " " + response.raw());
            if (response.status() == 200 && response.body().get("records").size() >= count) {
                Thread.sleep(500);
                return Http.get(url, admin).body().get("records");
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " audit records within 30 s; last answers: "
                + answers.subList(Math.max(0, answers.size() - 3), answers.size()));
    }
}
