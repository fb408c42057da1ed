package dev.allocator.deployment;

import dev.allocator.deployment.NginxConfig.Directive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the gateway's nginx configuration for one request the way nginx would, for the parts
 * the gateway uses: location selection ({@code =} exact first, then the longest prefix, which
 * {@code ^~} makes final, then {@code ~} / {@code ~*} regular expressions in file order, else the
 * longest prefix), {@code internal} locations, the rewrite phase's {@code if}, {@code return} and
 * {@code rewrite … last} (an internal redirect that selects a location again), {@code map}
 * variables, and {@code proxy_pass} to a named upstream. Anything else it meets in a location is
 * an error, so the file cannot quietly grow past what the test understands.
 */
final class NginxRouter {
    private static final List<String> IGNORED_IN_LOCATION = List.of(
            "add_header",
            "proxy_next_upstream",
            "proxy_next_upstream_tries",
            "proxy_next_upstream_timeout",
            "proxy_read_timeout",
            "proxy_set_header",
            "access_log",
            "internal");

    private final Directive http;
    private final Directive server;
    private final Map<String, Directive> maps = new LinkedHashMap<>();
    private final Map<String, List<String>> upstreams = new LinkedHashMap<>();

    NginxRouter(Directive config, int listenPort) {
        this.http = config.first("http").orElseThrow(() -> new AssertionError("no http block"));
        this.server = http.all("server").stream()
                .filter(s -> s.all("listen").stream().anyMatch(l -> l.arg(0).equals(Integer.toString(listenPort))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no server listens on " + listenPort));
        for (Directive map : http.all("map")) {
            maps.put(map.arg(1), map);
        }
        for (Directive upstream : http.all("upstream")) {
            List<String> servers = new ArrayList<>();
            upstream.all("server").forEach(s -> servers.add(s.arg(0)));
            upstreams.put(upstream.arg(0), servers);
        }
    }

    Directive server() {
        return server;
    }

    Map<String, List<String>> upstreams() {
        return upstreams;
    }

    /** What the gateway does with a request. */
    sealed interface Outcome permits Proxied, Answered {}

    /**
     * Passed to an upstream group.
     *
     * @param uri the path the upstream sees
     * @param nextUpstream the effective proxy_next_upstream conditions
     */
    record Proxied(String upstream, String uri, List<String> nextUpstream) implements Outcome {
        boolean retriesNonIdempotent() {
            return nextUpstream.contains("non_idempotent");
        }
    }

    /** Answered by the gateway itself. */
    record Answered(int status, String body) implements Outcome {}

    record Request(String method, String uri, Map<String, String> headers) {
        Request(String method, String uri) {
            this(method, uri, Map.of());
        }

        String header(String name) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
            return "";
        }
    }

    Outcome route(Request request) {
        String uri = request.uri();
        boolean external = true;
        for (int redirects = 0; redirects < 10; redirects++) {
            Optional<Directive> selected = select(uri);
            if (selected.isEmpty()) {
                return new Answered(404, "");
            }
            Directive location = selected.get();
            if (external && location.first("internal").isPresent()) {
                return new Answered(404, "");
            }
            Step step = rewritePhase(location.children(), request, uri);
            if (step instanceof Answer answer) {
                return answer.answered();
            }
            if (step instanceof Redirect redirect) {
                uri = redirect.uri();
                external = false;
                continue;
            }
            return proxy(location, request, uri);
        }
        throw new AssertionError("more than 10 internal redirects for " + request);
    }

    private sealed interface Step permits Continue, Answer, Redirect {}

    private record Continue() implements Step {}

    private record Answer(Answered answered) implements Step {}

    private record Redirect(String uri) implements Step {}

    private Step rewritePhase(List<Directive> directives, Request request, String uri) {
        for (Directive directive : directives) {
            switch (directive.name()) {
                case "if" -> {
                    if (condition(directive.args(), request, uri)) {
                        Step step = rewritePhase(directive.children(), request, uri);
                        if (!(step instanceof Continue)) {
                            return step;
                        }
                    }
                }
                case "return" -> {
                    int status = Integer.parseInt(directive.arg(0));
                    return new Answer(new Answered(status, directive.args().size() > 1 ? directive.arg(1) : ""));
                }
                case "rewrite" -> {
                    Matcher matcher = Pattern.compile(directive.arg(0)).matcher(uri);
                    if (matcher.find()) {
                        if (directive.args().size() < 3 || !directive.arg(2).equals("last")) {
                            throw new AssertionError("only 'rewrite … last' is modelled: " + directive);
                        }
                        return new Redirect(directive.arg(1));
                    }
                }
                case "proxy_pass" -> {
                    // content phase, handled after the rewrite phase
                }
                default -> {
                    if (!IGNORED_IN_LOCATION.contains(directive.name())) {
                        throw new AssertionError("the route evaluator does not model '" + directive + "'");
                    }
                }
            }
        }
        return new Continue();
    }

    private Outcome proxy(Directive location, Request request, String uri) {
        Directive proxyPass = location.first("proxy_pass")
                .orElseThrow(() -> new AssertionError("location " + location.args() + " neither answers nor proxies"));
        String target = proxyPass.arg(0);
        if (!target.startsWith("http://")) {
            throw new AssertionError("proxy_pass must name http://<upstream>: " + target);
        }
        String rest = target.substring("http://".length());
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? uri : rest.substring(slash);
        if (slash >= 0 && !location.arg(0).equals("=")) {
            throw new AssertionError("a proxy_pass with a URI is modelled only in an exact location: " + proxyPass);
        }
        if (host.startsWith("$")) {
            host = variable(host.substring(1), request, uri);
        }
        if (!upstreams.containsKey(host)) {
            throw new AssertionError("proxy_pass to '" + host + "', which is not an upstream block");
        }
        return new Proxied(host, path, nextUpstream(location));
    }

    private List<String> nextUpstream(Directive location) {
        for (Directive scope : List.of(location, server, http)) {
            Optional<Directive> setting = scope.first("proxy_next_upstream");
            if (setting.isPresent()) {
                return setting.get().args();
            }
        }
        return List.of("error", "timeout");
    }

    /** Location selection as nginx does it; named (@) locations never match a request. */
    Optional<Directive> select(String uri) {
        Directive longestPrefix = null;
        int longest = -1;
        for (Directive location : server.all("location")) {
            if (!location.all("location").isEmpty()) {
                throw new AssertionError("nested locations are not modelled: " + location.args());
            }
            List<String> args = location.args();
            if (args.size() == 2 && args.get(0).equals("=")) {
                if (args.get(1).equals(uri)) {
                    return Optional.of(location);
                }
            } else if (args.size() == 1 && !args.get(0).startsWith("@")
                    || args.size() == 2 && args.get(0).equals("^~")) {
                String prefix = args.get(args.size() - 1);
                if (uri.startsWith(prefix) && prefix.length() > longest) {
                    longest = prefix.length();
                    longestPrefix = location;
                }
            }
        }
        if (longestPrefix != null && longestPrefix.args().get(0).equals("^~")) {
            return Optional.of(longestPrefix);
        }
        for (Directive location : server.all("location")) {
            List<String> args = location.args();
            if (args.size() == 2 && (args.get(0).equals("~") || args.get(0).equals("~*"))) {
                int flags = args.get(0).equals("~*") ? Pattern.CASE_INSENSITIVE : 0;
                if (Pattern.compile(args.get(1), flags).matcher(uri).find()) {
                    return Optional.of(location);
                }
            }
        }
        return Optional.ofNullable(longestPrefix);
    }

    private boolean condition(List<String> rawArgs, Request request, String uri) {
        List<String> args = new ArrayList<>(rawArgs);
        String first = args.get(0);
        if (first.equals("(")) {
            args.remove(0);
        } else if (first.startsWith("(")) {
            args.set(0, first.substring(1));
        }
        String last = args.get(args.size() - 1);
        if (last.equals(")")) {
            args.remove(args.size() - 1);
        } else if (last.endsWith(")")) {
            args.set(args.size() - 1, last.substring(0, last.length() - 1));
        }
        if (!args.get(0).startsWith("$")) {
            throw new AssertionError("an if condition must start with a variable: " + rawArgs);
        }
        String value = variable(args.get(0).substring(1), request, uri);
        if (args.size() == 1) {
            return !value.isEmpty() && !value.equals("0");
        }
        if (args.size() != 3) {
            throw new AssertionError("unsupported if condition: " + rawArgs);
        }
        String operand = args.get(2);
        return switch (args.get(1)) {
            case "=" -> value.equals(operand);
            case "!=" -> !value.equals(operand);
            case "~" -> Pattern.compile(operand).matcher(value).find();
            case "!~" -> !Pattern.compile(operand).matcher(value).find();
            case "~*" ->
                Pattern.compile(operand, Pattern.CASE_INSENSITIVE)
                        .matcher(value)
                        .find();
            case "!~*" ->
                !Pattern.compile(operand, Pattern.CASE_INSENSITIVE)
                        .matcher(value)
                        .find();
            default -> throw new AssertionError("unsupported if operator: " + rawArgs);
        };
    }

    private String variable(String name, Request request, String uri) {
        if (name.equals("request_method")) {
            return request.method();
        }
        if (name.equals("uri")) {
            return uri;
        }
        if (name.startsWith("http_")) {
            return request.header(name.substring("http_".length()).replace('_', '-'));
        }
        Directive map = maps.get("$" + name);
        if (map != null) {
            String source = variable(map.arg(0).substring(1), request, uri);
            String fallback = "";
            for (Directive entry : map.children()) {
                String key = entry.name();
                String value = entry.args().isEmpty() ? "" : entry.arg(0);
                if (key.equals("default")) {
                    fallback = value;
                } else if (key.startsWith("~*")) {
                    if (Pattern.compile(key.substring(2), Pattern.CASE_INSENSITIVE)
                            .matcher(source)
                            .find()) {
                        return value;
                    }
                } else if (key.startsWith("~")) {
                    if (Pattern.compile(key.substring(1)).matcher(source).find()) {
                        return value;
                    }
                } else if (key.toLowerCase(Locale.ROOT).equals(source.toLowerCase(Locale.ROOT))) {
                    return value;
                }
            }
            return fallback;
        }
        throw new AssertionError("the route evaluator does not know $" + name);
    }
}
