package dev.allocator.http.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Serves {@code GET /admin/config/<service>} in every service that names itself in {@code
 * allocator.admin.config.service}; one implementation for the three services.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "allocator.admin.config.service")
@EnableConfigurationProperties(AdminConfigProperties.class)
@Import(AdminConfigController.class)
public class AdminConfigAutoConfiguration {}
