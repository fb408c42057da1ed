package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.allocator.command.it.Http;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Local mode's logback.xml in both formats, on a logging context of its own. */
@ExtendWith(OutputCaptureExtension.class)
class LocalLoggingTest {

    @Test
    void writesOneJsonObjectPerLineWithTheServiceTheKeyValuesAndTheTraceId(CapturedOutput output) throws Exception {
        LoggerContext context = configured("json");
        ServiceName.runAs("projector", () -> {
            logLine(context);
            return null;
        });
        context.stop();

        String line = output.getOut()
                .lines()
                .filter(text -> text.contains("Decided something"))
                .findFirst()
                .orElseThrow();
        JsonNode json = Http.JSON.readTree(line);
        assertThat(json.get("message").asString()).isEqualTo("Decided something");
        assertThat(json.get("service").get("name").asString()).isEqualTo("projector");
        assertThat(json.get("outcome").asString()).isEqualTo("accepted");
        assertThat(json.get("chain").asLong()).isEqualTo(10);
        assertThat(json.get("traceId").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(json.get("log").get("level").asString()).isEqualTo("INFO");
    }

    @Test
    void writesATerminalLineWhenAskedForText(CapturedOutput output) throws Exception {
        LoggerContext context = configured("text");
        ServiceName.runAs("query-service", () -> {
            logLine(context);
            return null;
        });
        context.stop();

        String line = output.getOut()
                .lines()
                .filter(text -> text.contains("Decided something"))
                .findFirst()
                .orElseThrow();
        assertThat(line)
                .doesNotStartWith("{")
                .contains("INFO ")
                .contains("[query-service  ]")
                .contains("outcome=accepted")
                .contains("chain=10")
                .endsWith("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void keepsKafkaConfigurationDumpsOut() throws Exception {
        LoggerContext context = configured("json");
        assertThat(context.getLogger("org.apache.kafka.clients.consumer.ConsumerConfig")
                        .isInfoEnabled())
                .isFalse();
        assertThat(context.getLogger("org.apache.kafka.streams.StreamsConfig").isInfoEnabled())
                .isFalse();
        assertThat(context.getLogger("dev.allocator.http.AccessLogFilter").isInfoEnabled())
                .isTrue();
        context.stop();
    }

    private static void logLine(LoggerContext context) {
        Logger logger = context.getLogger("dev.allocator.command.processor.DecisionLog");
        MDC.put("traceId", "0af7651916cd43dd8448eb211c80319c");
        try {
            logger.atInfo()
                    .addKeyValue("outcome", "accepted")
                    .addKeyValue("chain", 10L)
                    .log("Decided something");
        } finally {
            MDC.remove("traceId");
        }
    }

    private static LoggerContext configured(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.putProperty("allocator.log.format", format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = LocalLoggingTest.class.getResource("/logback.xml");
        configurator.doConfigure(config);
        return context;
    }
}
