package dev.allocator.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * What a request's handling learned that its access log line and its metrics need afterwards: the
 * error code it was answered with and the sponsor it was authenticated as. Kept as request
 * attributes, so the filter that writes the line reads what the handler found without either
 * knowing the other.
 */
public final class RequestFacts {
    static final String ERROR_CODE = RequestFacts.class.getName() + ".errorCode";
    static final String SPONSOR = RequestFacts.class.getName() + ".sponsor";

    private RequestFacts() {}

    /** Notes the sponsor of the request being handled on this thread, if any. */
    public static void sponsor(String sponsor) {
        remember(SPONSOR, sponsor);
    }

    static void errorCode(ApiErrorCode code) {
        remember(ERROR_CODE, code.name());
    }

    static void errorCode(HttpServletRequest request, ApiErrorCode code) {
        request.setAttribute(ERROR_CODE, code.name());
    }

    /** @return the code of the error the request was answered with, if it was */
    public static Optional<String> errorCode(HttpServletRequest request) {
        return Optional.ofNullable((String) request.getAttribute(ERROR_CODE));
    }

    /** @return the sponsor the request was authenticated as, if it was */
    public static Optional<String> sponsor(HttpServletRequest request) {
        return Optional.ofNullable((String) request.getAttribute(SPONSOR));
    }

    private static void remember(String name, String value) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes != null) {
            attributes.setAttribute(name, value, RequestAttributes.SCOPE_REQUEST);
        }
    }
}
