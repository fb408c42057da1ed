package dev.allocator.http.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allocator.http.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class EffectiveConfigurationTest {
    private static final List<String> SECRETS = List.of(
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "token-secret-of-at-least-32-characters",
            "db-pass-word",
            "JBSWY3DPEHPK3PXP",
            "kafka-jaas-secret",
            "url-password");

    private static StandardEnvironment environment() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of(
                                "ALLOCATOR_SIGNING_PRIVATE_KEY", SECRETS.get(0),
                                "ALLOCATOR_PROJECTOR_TOPIC", "allocator.events",
                                "PATH", "/usr/bin")));
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "application.yml",
                        Map.of(
                                "allocator.session.token-secret",
                                SECRETS.get(1),
                                "spring.datasource.password",
                                SECRETS.get(2),
                                "spring.datasource.username",
                                "allocator",
                                "spring.datasource.url",
                                "jdbc:postgresql://allocator:" + SECRETS.get(5) + "@db:5432/allocator?ssl=true",
                                "allocator.security.totp-seed",
                                SECRETS.get(3),
                                "spring.kafka.properties.sasl.jaas.config",
                                SECRETS.get(4),
                                "spring.kafka.bootstrap-servers",
                                "kafka:9092",
                                "server.port",
                                "${PORT:3003}",
                                "unrelated.password",
                                "not shown at all")));
        return environment;
    }

    @Test
    void showsEffectiveValuesUnderTheIncludedPrefixesInCanonicalForm() {
        Map<String, String> shown = EffectiveConfiguration.of(
                environment(), List.of("allocator", "spring.kafka", "spring.datasource", "server"));

        assertThat(shown)
                .containsEntry("allocator.projector.topic", "allocator.events")
                .containsEntry("spring.kafka.bootstrap-servers", "kafka:9092")
                .containsEntry("spring.datasource.username", "allocator")
                .containsEntry("server.port", "3003")
                .doesNotContainKey("unrelated.password")
                .doesNotContainKey("path");
    }

    @Test
    void noSecretValueAppearsAnywhere() {
        Map<String, String> shown =
                EffectiveConfiguration.of(environment(), List.of("allocator", "spring", "server", "unrelated"));

        String everything = shown.toString();
        for (String secret : SECRETS) {
            assertThat(everything).doesNotContain(secret);
        }
        assertThat(shown)
                .containsEntry("allocator.signing.private.key", EffectiveConfiguration.MASK)
                .containsEntry("allocator.session.token-secret", EffectiveConfiguration.MASK)
                .containsEntry("spring.datasource.password", EffectiveConfiguration.MASK)
                .containsEntry("allocator.security.totp-seed", EffectiveConfiguration.MASK)
                .containsEntry(
                        "spring.datasource.url", "jdbc:postgresql://allocator:******@db:5432/allocator?ssl=true");
    }

    @Test
    void masksCredentialsInsideValuesByShape() {
        assertThat(EffectiveConfiguration.mask("allocator.indexer.url", "https://user:pw@indexer.example/graphql"))
                .isEqualTo("https://user:******@indexer.example/graphql");
        assertThat(EffectiveConfiguration.mask(
                        "spring.datasource.url", "jdbc:postgresql://db/a?user=x&password=pw&ssl=1"))
                .isEqualTo("jdbc:postgresql://db/a?user=x&password=******&ssl=1");
        assertThat(EffectiveConfiguration.mask("allocator.indexer.url", "http://indexer:4000/graphql"))
                .isEqualTo("http://indexer:4000/graphql");
    }

    @Test
    void answersOnlyForItsOwnServiceName() {
        AdminConfigController controller =
                new AdminConfigController(environment(), new AdminConfigProperties("projector", List.of("allocator")));

        assertThat(controller.config("projector")).containsEntry("service", "projector");
        assertThatThrownBy(() -> controller.config("command")).isInstanceOf(ApiException.class);
    }
}
