package dev.allocator.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The reference's error body, {@code {"error": ...}}, with a stable code for machines. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String code, String reason) {}
