package dev.allocator.indexer.client;

import dev.allocator.model.indexer.Indexer;
import dev.allocator.model.indexer.IndexerAnswerRejectedException;
import dev.allocator.model.indexer.IndexerUnavailableException;
import dev.allocator.model.indexer.LockDetails;
import dev.allocator.model.indexer.LockDetails.LockState;
import dev.allocator.model.indexer.LockDetailsQuery;
import dev.allocator.model.indexer.SponsorLock;
import dev.allocator.model.indexer.SupportedChain;
import dev.allocator.model.value.Address;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.model.value.Uint256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The indexer over HTTP: POSTs {@code {query, variables, operationName}} to {@code <url>/graphql}
 * and reads every page of every list. Addresses go out lowercase and big numbers as decimal
 * strings. One attempt per call; {@link ResilientIndexer} adds retries and the rest.
 *
 * <p>Failures fall in two kinds, because only one of them says the indexer is down:
 *
 * <ul>
 *   <li>{@link IndexerUnavailableException}: no connection, a timeout, a status other than 200, a
 *       body that is not a JSON GraphQL response, a non-empty {@code errors} array, no {@code
 *       data}. Retried, and counted by the circuit breaker.
 *   <li>{@link IndexerAnswerRejectedException}: a well-formed GraphQL answer about one lock or one
 *       sponsor (GetDetails, GetAllResourceLocks) whose data the allocator refuses: a value that
 *       does not parse or is out of range, a field of the wrong type, a list that runs past {@code
 *       maxPages} or repeats its cursor. Neither retried nor counted: it is that request's error.
 * </ul>
 *
 * GetSupportedChains is about this allocator, not a tenant: an answer to it that does not parse
 * leaves every request without the allocator's ids, so it counts as the indexer failing.
 */
public final class GraphQlIndexer implements Indexer {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final URI endpoint;
    private final IndexerProperties settings;

    public GraphQlIndexer(IndexerProperties settings) {
        this(
                settings,
                HttpClient.newBuilder()
                        .connectTimeout(settings.connectTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build());
    }

    public GraphQlIndexer(IndexerProperties settings, HttpClient client) {
        this.settings = settings;
        this.client = client;
        this.endpoint = settings.graphQlEndpoint();
    }

    @Override
    public List<SupportedChain> supportedChains(Address allocator) {
        List<SupportedChain> chains = new ArrayList<>();
        readPages(IndexerQueries.GET_SUPPORTED_CHAINS, after -> {
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("allocator", allocator.lowercase());
            variables.put("after", after);
            JsonNode data = post(IndexerQueries.GET_SUPPORTED_CHAINS, IndexerQueries.SUPPORTED_CHAINS, variables);
            JsonNode found = data.get("allocator");
            if (found == null || found.isNull()) {
                return Page.LAST;
            }
            JsonNode page = field(found, "supportedChains");
            for (JsonNode item : items(page)) {
                chains.add(new SupportedChain(
                        ChainId.parse(text(item, "chainId")), Uint256.parse(text(item, "allocatorId"))));
            }
            return Page.of(page);
        });
        return List.copyOf(chains);
    }

    @Override
    public LockDetails lockDetails(LockDetailsQuery query) {
        List<Uint256> deltas = new ArrayList<>();
        List<Bytes32> claims = new ArrayList<>();
        LockState[] lock = new LockState[1];
        Page[] deltasPage = {null};
        Page[] claimsPage = {null};
        int pages = 0;
        do {
            if (++pages > settings.maxPages()) {
                throw refused(
                        IndexerQueries.GET_DETAILS,
                        "spans more than " + settings.maxPages() + " pages; refusing a runaway answer",
                        null);
            }
            boolean firstPage = deltasPage[0] == null;
            boolean wantDeltas = firstPage || deltasPage[0].hasNext();
            boolean wantClaims = firstPage || claimsPage[0].hasNext();
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("allocator", query.allocator().lowercase());
            variables.put("sponsor", query.sponsor().lowercase());
            variables.put("lockId", query.lockId().toString());
            variables.put("chainId", query.chainId().toString());
            variables.put("finalizationTimestamp", Long.toString(query.finalizationTimestamp()));
            variables.put("thresholdTimestamp", Long.toString(query.thresholdTimestamp()));
            variables.put("deltasAfter", firstPage ? null : deltasPage[0].endCursor());
            variables.put("claimsAfter", firstPage ? null : claimsPage[0].endCursor());
            JsonNode data = post(IndexerQueries.GET_DETAILS, IndexerQueries.DETAILS, variables);
            parse(IndexerQueries.GET_DETAILS, () -> {
                if (wantDeltas) {
                    JsonNode page = field(data, "accountDeltas");
                    for (JsonNode item : items(page)) {
                        deltas.add(Uint256.parse(text(item, "delta")));
                    }
                    deltasPage[0] = Page.of(page);
                }
                JsonNode account = data.get("account");
                boolean accountKnown = account != null && !account.isNull();
                if (firstPage && accountKnown) {
                    JsonNode rows = items(field(account, "resourceLocks"));
                    if (rows.size() > 1) {
                        throw new IllegalArgumentException("more than one balance row for one lock");
                    }
                    if (rows.size() == 1) {
                        JsonNode row = rows.get(0);
                        JsonNode status = field(row, "withdrawalStatus");
                        if (!status.isIntegralNumber() || !status.canConvertToInt()) {
                            throw new IllegalArgumentException("withdrawalStatus is not an integer");
                        }
                        lock[0] = new LockState(Uint256.parse(text(row, "balance")), status.intValue());
                    }
                }
                if (wantClaims) {
                    if (accountKnown) {
                        JsonNode page = field(account, "claims");
                        for (JsonNode item : items(page)) {
                            claims.add(Bytes32.of(text(item, "claimHash").toLowerCase(Locale.ROOT)));
                        }
                        claimsPage[0] = Page.of(page);
                    } else {
                        claimsPage[0] = Page.LAST;
                    }
                }
                return null;
            });
        } while (deltasPage[0].hasNext() || claimsPage[0].hasNext());
        LockDetails details = new LockDetails(deltas, lock[0], claims);
        // The credits are summed later by the caller; a sum past 2^256 is this lock's odd data.
        parse(IndexerQueries.GET_DETAILS, details::unfinalizedCredits);
        return details;
    }

    @Override
    public List<SponsorLock> resourceLocks(Address sponsor) {
        List<SponsorLock> locks = new ArrayList<>();
        readPages(IndexerQueries.GET_ALL_RESOURCE_LOCKS, after -> {
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("sponsor", sponsor.lowercase());
            variables.put("after", after);
            JsonNode data = post(IndexerQueries.GET_ALL_RESOURCE_LOCKS, IndexerQueries.ALL_RESOURCE_LOCKS, variables);
            JsonNode account = data.get("account");
            if (account == null || account.isNull()) {
                return Page.LAST;
            }
            JsonNode page = field(account, "resourceLocks");
            for (JsonNode item : items(page)) {
                JsonNode lock = field(item, "resourceLock");
                locks.add(new SponsorLock(
                        ChainId.parse(text(item, "chainId")),
                        LockId.parse(text(lock, "lockId")),
                        Address.of(text(lock, "allocatorAddress").toLowerCase(Locale.ROOT))));
            }
            return Page.of(page);
        });
        return List.copyOf(locks);
    }

    /** Where a list stands after one page. */
    private record Page(boolean hasNext, String endCursor) {
        static final Page LAST = new Page(false, null);

        static Page of(JsonNode page) {
            JsonNode info = field(page, "pageInfo");
            boolean hasNext = field(info, "hasNextPage").booleanValue();
            JsonNode cursor = info.get("endCursor");
            if (hasNext && (cursor == null || !cursor.isString())) {
                throw new IllegalArgumentException("a next page without an end cursor");
            }
            return new Page(hasNext, hasNext ? cursor.stringValue() : null);
        }
    }

    private interface PageReader {
        Page read(String after);
    }

    private void readPages(String operation, PageReader reader) {
        String after = null;
        for (int pages = 1; ; pages++) {
            if (pages > settings.maxPages()) {
                throw refused(
                        operation,
                        "spans more than " + settings.maxPages() + " pages; refusing a runaway answer",
                        null);
            }
            String cursor = after;
            Page page = parse(operation, () -> reader.read(cursor));
            if (!page.hasNext()) {
                return;
            }
            if (page.endCursor().equals(after)) {
                throw refused(operation, "returned the same cursor twice", null);
            }
            after = page.endCursor();
        }
    }

    /** POSTs one request and returns its {@code data}, or fails as unavailable. */
    private JsonNode post(String operation, String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        body.put("operationName", operation);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new IndexerUnavailableException(
                    operation + ": the indexer did not answer within " + settings.requestTimeout(), e);
        } catch (IOException e) {
            throw new IndexerUnavailableException(operation + ": the indexer is unreachable at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexerUnavailableException(operation + ": interrupted while waiting for the indexer", e);
        }
        if (response.statusCode() != 200) {
            throw new IndexerUnavailableException(operation + ": the indexer answered HTTP " + response.statusCode());
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new IndexerUnavailableException(operation + ": the indexer answered malformed JSON", e);
        }
        if (answer == null || !answer.isObject()) {
            throw new IndexerUnavailableException(operation + ": the indexer's answer is not a GraphQL response");
        }
        JsonNode errors = answer.get("errors");
        if (errors != null && !errors.isNull() && !errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            errors.forEach(error -> messages.add(error.path("message").asString(error.toString())));
            throw new IndexerUnavailableException(
                    operation + ": the indexer answered GraphQL errors: " + String.join("; ", messages));
        }
        JsonNode data = answer.get("data");
        if (data == null || !data.isObject()) {
            throw new IndexerUnavailableException(operation + ": the indexer's answer has no data");
        }
        return data;
    }

    /**
     * Reads a well-formed answer's data; whatever the reading refuses becomes {@link #refused}.
     * Failures of the HTTP exchange itself ({@link #post}) pass through unchanged.
     */
    private static <T> T parse(String operation, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (IndexerUnavailableException | IndexerAnswerRejectedException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException | ClassCastException | ArithmeticException e) {
            throw refused(operation, "the indexer's answer does not have the expected shape: " + e.getMessage(), e);
        }
    }

    /** The failure for data the allocator refuses in a well-formed answer to {@code operation}. */
    private static RuntimeException refused(String operation, String reason, Throwable cause) {
        String message = operation + ": " + reason;
        return IndexerQueries.GET_SUPPORTED_CHAINS.equals(operation)
                ? new IndexerUnavailableException(message, cause)
                : new IndexerAnswerRejectedException(message, cause);
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static JsonNode items(JsonNode page) {
        JsonNode items = field(page, "items");
        if (!items.isArray()) {
            throw new IllegalArgumentException("items is not a list");
        }
        return items;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isString()) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return value.stringValue();
    }
}
