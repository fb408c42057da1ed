package dev.allocator.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * What Tomcat itself refuses (a malformed URL, an encoded slash) answered in the API's JSON shape
 * instead of Tomcat's HTML page, as far as the container lets a valve answer at all.
 */
public class JsonErrorReportValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ApiErrorCode code = CommonErrorCode.forStatus(status);
        try {
            ResponseHeadersFilter.HEADERS.forEach(response::setHeader);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getOutputStream()
                    .write(("{\"error\":\"" + code.message() + "\",\"code\":\"" + code.name() + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was already committed: nothing left to answer.
        }
    }
}
