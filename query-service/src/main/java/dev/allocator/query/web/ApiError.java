package dev.allocator.query.web;

/** The error body: the reference's {@code {"error": …}} plus a stable code. */
record ApiError(String error, String code) {}
