package dev.allocator.http.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The configuration a service runs with, as {@code GET /admin/config/<service>} shows it: every
 * property under the included prefixes from every source (files, environment, command line), in
 * Spring's canonical form (an environment variable {@code ALLOCATOR_PROJECTOR_TOPIC} is {@code
 * allocator.projector.topic}), with the value the environment resolves for that name. Secrets are
 * masked by name, and credentials inside values (a URL's {@code user:password@} or a {@code
 * password=} parameter) by shape, so the answer can be pasted into a ticket.
 */
public final class EffectiveConfiguration {
    /** Shown instead of a secret: its presence is visible, its value is not. */
    public static final String MASK = "******";

    /** A name with any of these words is a secret, whatever its value looks like. */
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i)(key|secret|password|passwd|pwd|token|credential|private|otp|totp|jaas)");

    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)(//[^/@:\\s]*:)[^/@\\s]*@");
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)((?:password|secret|token|key)[a-z_.-]*=)[^&;\\s]*");

    private EffectiveConfiguration() {}

    /** The effective, masked properties whose names start with one of {@code prefixes}, by name. */
    public static Map<String, String> of(ConfigurableEnvironment environment, List<String> prefixes) {
        List<ConfigurationPropertyName> roots =
                prefixes.stream().map(ConfigurationPropertyName::of).toList();
        Map<String, String> properties = new TreeMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream().forEach(name -> {
                if (properties.containsKey(name.toString())
                        || roots.stream().noneMatch(root -> root.isAncestorOf(name) || root.equals(name))) {
                    return;
                }
                String value;
                try {
                    value = environment.getProperty(name.toString());
                } catch (RuntimeException unresolvable) {
                    // An unresolvable placeholder: say so rather than fail the whole answer.
                    value = "<unresolvable>";
                }
                properties.put(name.toString(), mask(name.toString(), value));
            });
        }
        return properties;
    }

    /** The value as it may be shown: masked when the name says secret, credentials cut out of URLs. */
    public static String mask(String name, String value) {
        if (value == null) {
            return null;
        }
        if (SECRET_NAME.matcher(name).find()) {
            return value.isEmpty() ? "" : MASK;
        }
        String shown = URL_USER_INFO.matcher(value).replaceAll("$1" + MASK + "@");
        return PASSWORD_PARAMETER.matcher(shown).replaceAll("$1" + MASK);
    }
}
