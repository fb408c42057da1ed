package dev.allocator.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the container forwards to its error page (a failure outside Spring MVC, in a filter or the
 * container itself) answered in the API's JSON shape, whatever the request accepts. Requested
 * directly, {@code /error} is just a path that does not exist.
 */
@RestController
class JsonErrorController implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(JsonErrorController.class);

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(status instanceof Integer code)) {
            return ApiErrors.respond(CommonErrorCode.NOT_FOUND);
        }
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (code >= 500) {
            log.error(
                    "Unexpected error for {}",
                    LogText.escape(String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))),
                    failure instanceof Throwable t ? t : null);
        }
        return ApiErrors.respond(HttpStatusCode.valueOf(code), CommonErrorCode.forStatus(code), HttpHeaders.EMPTY);
    }
}
