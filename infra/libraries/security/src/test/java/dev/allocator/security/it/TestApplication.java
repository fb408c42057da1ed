package dev.allocator.security.it;

import dev.allocator.security.otp.SecondFactor;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** A service with the library and the shapes of the real admin endpoints, without Kafka. */
@SpringBootApplication
class TestApplication {
    @RestController
    static class Endpoints {
        private final SecondFactor secondFactor;

        Endpoints(SecondFactor secondFactor) {
            this.secondFactor = secondFactor;
        }

        @GetMapping("/public")
        Map<String, String> open() {
            return Map.of("open", "yes");
        }

        @GetMapping("/admin/read-model/rebuild")
        Map<String, String> status() {
            return Map.of("state", "IDLE");
        }

        @PostMapping("/admin/read-model/rebuild")
        Map<String, String> rebuild(@RequestHeader(name = SecondFactor.HEADER, required = false) String otp) {
            secondFactor.require(otp);
            return Map.of("state", "CATCHING_UP");
        }
    }
}
