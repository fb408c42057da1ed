package dev.allocator.indexer.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import graphql.ExecutionResult;
import graphql.GraphQL;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;

/**
 * POST {@code /} and {@code /graphql}: a GraphQL request {@code {query, variables,
 * operationName}}. Every GraphQL outcome, errors included, is HTTP 200 with the specification's
 * {@code data}/{@code errors} body; only a body that is not a GraphQL request at all is a 400.
 * Also {@code GET /health} and {@code GET /ready}, as Ponder serves them.
 */
final class GraphQlHandler implements HttpHandler {
    private final Ledger ledger;
    private final GraphQL graphQl;

    GraphQlHandler(Ledger ledger) {
        this.ledger = ledger;
        this.graphQl = PonderSchema.build(ledger);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ((path.equals("/health") || path.equals("/ready")) && method.equals("GET")) {
                Exchanges.empty(exchange, 200);
                return;
            }
            if (!path.equals("/") && !path.equals("/graphql")) {
                Exchanges.error(exchange, 404, "no such endpoint: " + path);
                return;
            }
            if (!method.equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                Exchanges.error(exchange, 405, "send GraphQL requests with POST");
                return;
            }
            Map<String, Object> request;
            try {
                request = Exchanges.JSON.readValue(Exchanges.body(exchange), Map.class);
            } catch (JacksonException e) {
                Exchanges.respond(exchange, 400, errors("request body is not valid JSON"));
                return;
            }
            if (request == null || !(request.get("query") instanceof String query)) {
                Exchanges.respond(exchange, 400, errors("request body must carry a query string"));
                return;
            }
            Object variables = request.get("variables");
            if (variables != null && !(variables instanceof Map)) {
                Exchanges.respond(exchange, 400, errors("variables must be an object"));
                return;
            }
            Object operationName = request.get("operationName");
            @SuppressWarnings("unchecked")
            Map<String, Object> variableMap = (Map<String, Object>) variables;
            ExecutionResult result = ledger.read(() -> graphQl.execute(PonderSchema.input(
                    ledger, query, variableMap, operationName instanceof String name ? name : null)));
            Exchanges.respond(exchange, 200, result.toSpecification());
        }
    }

    private static Map<String, Object> errors(String message) {
        return Map.of("errors", List.of(Map.of("message", message)));
    }
}
