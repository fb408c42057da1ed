package dev.allocator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {

    @Test
    void bindsLoopbackUnlessTold() {
        LocalOptions defaults = LocalOptions.parse(new String[0], Map.of());

        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.apiPort()).isEqualTo(3000);
        assertThat(defaults.baseUrl()).isEqualTo("http://localhost:3000");
    }

    @Test
    void takesTheApiHostFromTheFlagOverTheEnvironment() {
        assertThat(LocalOptions.parse(new String[] {"--host", "0.0.0.0"}, Map.of("ALLOCATOR_HOST", "::1"))
                        .host())
                .isEqualTo("0.0.0.0");
        assertThat(LocalOptions.parse(new String[0], Map.of("ALLOCATOR_HOST", "::1"))
                        .host())
                .isEqualTo("::1");
    }

    @Test
    void refusesUnknownOptions() {
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--hots", "x"}, Map.of()))
                .hasMessage("unknown option --hots");
    }

    @Test
    void logsJsonUnlessAskedForText() {
        assertThat(LocalOptions.parse(new String[0], Map.of()).logFormat()).isEqualTo("json");
        assertThat(LocalOptions.parse(new String[] {"--log-format", "text"}, Map.of())
                        .logFormat())
                .isEqualTo("text");
        assertThat(LocalOptions.parse(new String[0], Map.of("ALLOCATOR_LOG_FORMAT", "text"))
                        .logFormat())
                .isEqualTo("text");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--log-format", "xml"}, Map.of()))
                .hasMessage("--log-format must be json or text, got 'xml'");
    }
}
