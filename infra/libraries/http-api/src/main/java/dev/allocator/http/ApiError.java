package dev.allocator.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error body: the reference's {@code {"error": text}}, a stable {@code code} for machines and,
 * where one helps, the specific {@code reason}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String code, String reason) {}
