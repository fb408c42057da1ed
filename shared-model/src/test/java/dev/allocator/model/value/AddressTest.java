package dev.allocator.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.model.testing.Gen;
import dev.allocator.model.testing.SeededCases;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {
    static final String CHECKSUMMED = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    @Test
    void acceptsAnyCaseAndPrintsChecksummed() {
        Address lower = Address.of(CHECKSUMMED.toLowerCase(Locale.ROOT));
        Address upper = Address.of("0x" + CHECKSUMMED.substring(2).toUpperCase(Locale.ROOT));
        Address mixed = Address.of(CHECKSUMMED);

        assertThat(lower).isEqualTo(upper).isEqualTo(mixed);
        assertThat(mixed.toString()).isEqualTo(CHECKSUMMED);
        assertThat(mixed.lowercase()).isEqualTo(CHECKSUMMED.toLowerCase(Locale.ROOT));
    }

    @Test
    void rejectsMixedCaseWithAWrongChecksum() {
        String wrong = CHECKSUMMED.replace("f39Fd6", "f39fD6");
        assertThatThrownBy(() -> Address.of(wrong)).hasMessageContaining("EIP-55");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "0x",
                "f39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb9226",
                "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb922666",
                "0xg39fd6e51aad88f6f4ce6ab8827279cfffb92266",
                "0X f39fd6e51aad88f6f4ce6ab8827279cfffb92266"
            })
    void rejectsMalformedAddresses(String text) {
        assertThatThrownBy(() -> Address.of(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksummedAndLowercaseFormsRoundTrip() {
        SeededCases.forAll(1000, random -> {
            Address address = Gen.address(random);
            assertThat(Address.of(address.checksummed())).isEqualTo(address);
            assertThat(Address.of(address.lowercase())).isEqualTo(address);
            assertThat(Address.ofBytes(address.bytes())).isEqualTo(address);
        });
    }
}
