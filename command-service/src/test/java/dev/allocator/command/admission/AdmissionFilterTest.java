package dev.allocator.command.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class AdmissionFilterTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AdmissionFilter filter = new AdmissionFilter(1, registry);

    @Test
    void refusesACommandRequestBeyondTheBoundAtOnceAndAdmitsAgainWhenOneFinishes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MockHttpServletResponse> first =
                CompletableFuture.supplyAsync(() -> run(post("/compact"), (request, response) -> {
                    entered.countDown();
                    await(release);
                }));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.get("allocator.commands.in.flight").gauge().value()).isEqualTo(1);

        boolean[] reached = {false};
        MockHttpServletResponse refused = run(post("/compact"), (request, response) -> reached[0] = true);

        assertThat(reached[0]).isFalse();
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentAsString()).contains("\"code\":\"OVERLOADED\"");
        assertThat(registry.counter("allocator.commands.shed").count()).isEqualTo(1);

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(registry.get("allocator.commands.in.flight").gauge().value()).isZero();
        assertThat(run(post("/compact"), (request, response) -> {}).getStatus()).isEqualTo(200);
    }

    @Test
    void returnsThePermitWhenTheHandlerFails() {
        assertThatThrownBy(() -> run(post("/session"), (request, response) -> {
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");

        assertThat(run(post("/compact"), (request, response) -> {}).getStatus()).isEqualTo(200);
    }

    @Test
    void leavesReadsAndTheActuatorUnbounded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> run(post("/compact"), (request, response) -> {
            entered.countDown();
            await(release);
        }));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            MockHttpServletRequest read = new MockHttpServletRequest("GET", "/session/10/0xabc");
            MockHttpServletRequest actuator = new MockHttpServletRequest("POST", "/actuator/refresh");

            assertThat(run(read, (request, response) -> {}).getStatus()).isEqualTo(200);
            assertThat(run(actuator, (request, response) -> {}).getStatus()).isEqualTo(200);
        } finally {
            release.countDown();
        }
    }

    private static MockHttpServletRequest post(String path) {
        return new MockHttpServletRequest("POST", path);
    }

    private MockHttpServletResponse run(MockHttpServletRequest request, FilterChain chain) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            filter.doFilter(request, response, chain);
        } catch (java.io.IOException | jakarta.servlet.ServletException e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
