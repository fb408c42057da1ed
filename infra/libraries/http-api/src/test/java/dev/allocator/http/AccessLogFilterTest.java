package dev.allocator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@SpringBootTest(classes = AccessLogFilterTest.App.class)
@AutoConfigureMockMvc
class AccessLogFilterTest {
    private static final String SPONSOR = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    @Autowired
    MockMvc mvc;

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger().addAppender(lines);
    }

    @AfterEach
    void release() {
        logger().detachAppender(lines);
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(AccessLogFilter.class);
    }

    @Test
    void logsMethodRouteStatusDurationAndTheAuthenticatedSponsor() throws Exception {
        mvc.perform(get("/locks/42").header("x-session-id", "secret-token")).andExpect(status().isOk());

        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.get(0);
        assertThat(keyValues(line))
                .containsEntry("method", "GET")
                .containsEntry("path", "/locks/{id}")
                .containsEntry("status", 200)
                .containsEntry("sponsor", SPONSOR)
                .containsKey("durationMs")
                .doesNotContainKey("errorCode");
        assertThat(line.getFormattedMessage())
                .startsWith("GET /locks/{id} 200 ")
                .doesNotContain("secret-token");
        assertThat(line.getMDCPropertyMap()).containsKey(RequestIds.MDC_KEY);
    }

    @Test
    void logsTheErrorCodeOfARefusal() throws Exception {
        mvc.perform(get("/locks/none")).andExpect(status().isNotFound());

        Map<String, Object> line = keyValues(lines.list.get(0));
        assertThat(line)
                .containsEntry("status", 404)
                .containsEntry("errorCode", "NOT_FOUND")
                .doesNotContainKey("sponsor");
    }

    @Test
    void logsARequestRefusedBeforeAnyHandler() throws Exception {
        mvc.perform(post("/locks/1").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType());

        assertThat(keyValues(lines.list.get(0)))
                .containsEntry("method", "POST")
                .containsEntry("path", "/locks/1")
                .containsEntry("status", 415)
                .containsEntry("errorCode", "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void echoesAnAcceptableRequestIdAndKeepsItInTheMdcWhileHandling() throws Exception {
        MvcResult result = mvc.perform(get("/request-id").header(RequestIds.HEADER, "client-id-7"))
                .andExpect(header().string(RequestIds.HEADER, "client-id-7"))
                .andReturn();

        assertThat(result.getResponse().getContentAsString()).isEqualTo("{\"requestId\":\"client-id-7\"}");
        assertThat(lines.list.get(0).getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, "client-id-7");
        assertThat(MDC.get(RequestIds.MDC_KEY)).isNull();
    }

    @Test
    void replacesAMissingOrUnacceptableRequestIdWithANewOne() throws Exception {
        for (String offered : new String[] {null, "", "with space", "tab\there", "x".repeat(129), "ünïcode"}) {
            var request = get("/request-id");
            if (offered != null) {
                request.header(RequestIds.HEADER, offered);
            }
            String echoed = mvc.perform(request).andReturn().getResponse().getHeader(RequestIds.HEADER);
            assertThat(echoed)
                    .as("for %s", offered)
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        }
        String longest = "x".repeat(128);
        assertThat(mvc.perform(get("/request-id").header(RequestIds.HEADER, longest))
                        .andReturn()
                        .getResponse()
                        .getHeader(RequestIds.HEADER))
                .isEqualTo(longest);
    }

    @Test
    void writesNoLineForExcludedPaths() throws Exception {
        mvc.perform(get("/actuator/anything"));

        assertThat(lines.list).isEmpty();
    }

    private static Map<String, Object> keyValues(ILoggingEvent line) {
        return line.getKeyValuePairs().stream().collect(Collectors.toMap(pair -> pair.key, pair -> pair.value));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Routes.class)
    static class App {}

    @RestController
    static class Routes {
        @GetMapping("/locks/{id}")
        Map<String, String> lock(
                @PathVariable String id, @RequestHeader(name = "x-session-id", required = false) String token) {
            if (!id.chars().allMatch(Character::isDigit)) {
                throw new ApiException(CommonErrorCode.NOT_FOUND);
            }
            if (token != null) {
                RequestFacts.sponsor(SPONSOR);
            }
            return Map.of("id", id);
        }

        @GetMapping("/request-id")
        Map<String, String> requestId() {
            return Map.of("requestId", MDC.get(RequestIds.MDC_KEY));
        }
    }
}
