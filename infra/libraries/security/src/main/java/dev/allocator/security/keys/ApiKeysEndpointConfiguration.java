package dev.allocator.security.keys;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** {@code /admin/keys}, served by the one service the gateways route it to (the command service). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "allocator.security.keys-endpoint", havingValue = "true")
@Import(ApiKeysController.class)
public class ApiKeysEndpointConfiguration {}
