package dev.allocator.query.apidocs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public API document: this service's own, merged with every configured source's, fetched in
 * parallel. A complete merge is kept for {@link ApiDocsProperties#cacheTtl()}; an incomplete one
 * (a source did not answer) is served with the missing sources named and not kept, so the next
 * request asks again and a restarted service's part comes back at once.
 */
final class MergedApiDocs {
    private static final Logger log = LoggerFactory.getLogger(MergedApiDocs.class);
    static final String OWN = "query";

    /** What is served: the JSON and the sources missing from it. */
    record Document(byte[] json, Set<String> missing) {}

    private record Cached(Document document, Instant until) {}

    private final ApiDocsProperties settings;
    private final Supplier<byte[]> own;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;
    private volatile Cached cached;

    MergedApiDocs(ApiDocsProperties settings, Supplier<byte[]> own, JsonMapper json, Clock clock) {
        this.settings = settings;
        this.own = own;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Document current() {
        Cached hit = cached;
        Instant now = clock.instant();
        if (hit != null && now.isBefore(hit.until())) {
            return hit.document();
        }
        Document fresh = build();
        if (fresh.missing().isEmpty()) {
            cached = new Cached(fresh, now.plus(settings.cacheTtl()));
        }
        return fresh;
    }

    private Document build() {
        Map<String, CompletableFuture<Optional<JsonNode>>> pending = new LinkedHashMap<>();
        settings.sources().forEach((name, urls) -> pending.put(name, fetchFirst(name, urls, 0)));
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        documents.put(OWN, json.readTree(own.get()));
        Set<String> missing = new LinkedHashSet<>();
        pending.forEach((name, future) -> future.join().ifPresentOrElse(doc -> documents.put(name, doc), () -> {
            missing.add(name);
        }));
        OpenApiMerge.Result merged = OpenApiMerge.merge(documents, missing);
        if (!merged.conflicts().isEmpty()) {
            log.warn("API documents conflict, the first definition is served: {}", merged.conflicts());
        }
        return new Document(json.writeValueAsBytes(merged.document()), Set.copyOf(missing));
    }

    /** The first of a source's URLs that answers a JSON object, or nothing. */
    private CompletableFuture<Optional<JsonNode>> fetchFirst(String name, List<URI> urls, int index) {
        if (index >= urls.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        URI url = urls.get(index);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> parse(name, url, response, failure))
                .thenCompose(document -> document.isPresent()
                        ? CompletableFuture.completedFuture(document)
                        : fetchFirst(name, urls, index + 1));
    }

    private Optional<JsonNode> parse(String name, URI url, HttpResponse<byte[]> response, Throwable failure) {
        if (failure != null) {
            log.warn("The {} API document at {} could not be fetched: {}", name, url, describe(failure));
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            log.warn("The {} API document at {} answered {}", name, url, response.statusCode());
            return Optional.empty();
        }
        try {
            JsonNode document = json.readTree(response.body());
            if (document.isObject() && document.has("paths")) {
                return Optional.of(document);
            }
            log.warn("The {} API document at {} is not an OpenAPI document", name, url);
        } catch (JacksonException e) {
            log.warn("The {} API document at {} is not JSON", name, url);
        }
        return Optional.empty();
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof IOException
                ? cause.getClass().getSimpleName() + " " + cause.getMessage()
                : cause.toString();
    }
}
