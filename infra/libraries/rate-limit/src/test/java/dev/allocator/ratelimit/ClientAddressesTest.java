package dev.allocator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    private final ClientAddresses gateway = new ClientAddresses(List.of("127.0.0.0/8", "::1/128", "172.16.0.0/12"));

    @Test
    void ignoresForwardedForFromAnUntrustedAddress() {
        assertThat(gateway.resolve("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void takesTheRightmostUntrustedHopBehindATrustedProxy() {
        // The client wrote 1.1.1.1 itself; the gateway appended the address it saw.
        assertThat(gateway.resolve("172.18.0.5", List.of("1.1.1.1, 198.51.100.7")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void skipsTrustedHopsAcrossSeveralHeaders() {
        assertThat(gateway.resolve("127.0.0.1", List.of("198.51.100.7", "172.18.0.2, 127.0.0.1")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void usesTheRemoteAddressWhenATrustedProxySendsNoHeader() {
        assertThat(gateway.resolve("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
    }

    @Test
    void stopsAtGarbageInsteadOfBelievingWhatIsLeftOfIt() {
        assertThat(gateway.resolve("127.0.0.1", List.of("198.51.100.7, not-an-ip, 172.18.0.3")))
                .isEqualTo("172.18.0.3");
    }

    @Test
    void neverResolvesAHostName() {
        assertThat(ClientAddresses.literal("localhost")).isEmpty();
        assertThat(ClientAddresses.literal("example.com")).isEmpty();
        assertThat(ClientAddresses.literal("1.2.3")).isEmpty();
    }

    @Test
    void readsIpv6AndIpv4WithPort() {
        assertThat(gateway.resolve("::1", List.of("[2001:db8::1]"))).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(gateway.resolve("127.0.0.1", List.of("198.51.100.7:5555"))).isEqualTo("198.51.100.7");
    }

    @Test
    void matchesCidrRangesBitByBit() {
        Cidr range = Cidr.parse("172.16.0.0/12");
        assertThat(range.contains(ClientAddresses.literal("172.31.255.255").orElseThrow()))
                .isTrue();
        assertThat(range.contains(ClientAddresses.literal("172.32.0.0").orElseThrow()))
                .isFalse();
        assertThat(range.contains(ClientAddresses.literal("::1").orElseThrow())).isFalse();
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
