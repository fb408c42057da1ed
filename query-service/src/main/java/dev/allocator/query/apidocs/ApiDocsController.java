package dev.allocator.query.apidocs;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /openapi.json}, the whole API's document, and {@code GET /docs}, Swagger UI showing it.
 * The UI's scripts and styles are the swagger-ui web jar's, under {@code /docs/}; the page has no
 * inline script, so its Content-Security-Policy allows only this origin's files
 * ({@link DocsPageHeadersFilter}).
 */
@RestController
class ApiDocsController {
    static final String MISSING_HEADER = "X-Api-Docs-Missing";

    private final MergedApiDocs docs;
    private final byte[] page;

    ApiDocsController(MergedApiDocs docs) throws java.io.IOException {
        this.docs = docs;
        this.page = new ClassPathResource("apidocs/ui/index.html").getContentAsByteArray();
    }

    @GetMapping("/openapi.json")
    ResponseEntity<byte[]> openApi() {
        MergedApiDocs.Document document = docs.current();
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (!document.missing().isEmpty()) {
            response.header(MISSING_HEADER, String.join(", ", document.missing()));
        }
        return response.body(document.json());
    }

    @GetMapping("/docs")
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(page);
    }
}
