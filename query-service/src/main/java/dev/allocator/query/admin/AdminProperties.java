package dev.allocator.query.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code allocator.admin.views.*}: bounds of the admin read views, so that a large deployment or a
 * busy sponsor never turns one admin request into an unbounded answer.
 *
 * @param statsMaxLocks the most locks {@code GET /admin/stats} lists under live allocations (the
 *     largest first); {@code truncated} says when there were more
 * @param sponsorDefaultLimit sessions and compacts per page of {@code GET /admin/sponsors/{address}}
 *     when the request names no {@code limit} (1 to 1000)
 */
@Validated
@ConfigurationProperties("allocator.admin.views")
record AdminProperties(
        @Min(1) @Max(10_000) int statsMaxLocks,
        @Min(1) @Max(1000) int sponsorDefaultLimit) {}
