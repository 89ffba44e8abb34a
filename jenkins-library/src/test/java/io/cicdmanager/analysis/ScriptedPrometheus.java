package io.cicdmanager.analysis;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An HTTP server on a loopback port that answers the Prometheus API paths with replies a test scripts, and
 * remembers every request it was sent, so that tests see exactly what the provider asked and how.
 */
public final class ScriptedPrometheus implements AutoCloseable {

    /** A request as the server saw it: path, decoded query parameters, Authorization header (or null). */
    public record Request(String path, Map<String, String> params, String authorization) {
        public String query() {
            return params.get("query");
        }
    }

    /** What to answer: an HTTP status and a body. */
    public record Reply(int status, String body) {
        public static Reply success(String data) {
            return new Reply(200, "{\"status\":\"success\",\"data\":" + data + "}");
        }

        public static Reply vector(String... values) {
            StringBuilder result = new StringBuilder("[");
            for (int i = 0; i < values.length; i++) {
                result.append(i == 0 ? "" : ",")
                        .append("{\"metric\":{\"series\":\"").append(i).append("\"},\"value\":[1700000000.5,\"")
                        .append(values[i]).append("\"]}");
            }
            return success("{\"resultType\":\"vector\",\"result\":" + result + "]}");
        }

        public static Reply error(int status, String type, String message) {
            return new Reply(status, "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message + "\"}");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> script = r -> Reply.vector();

    public ScriptedPrometheus() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // A thread per request, so that a reply a test holds back does not hold back the others.
        server.setExecutor(executor);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void answer(Function<Request, Reply> newScript) {
        this.script = newScript;
    }

    public void answer(Reply reply) {
        answer(r -> reply);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request lastRequest() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> params = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            Request request = new Request(exchange.getRequestURI().getPath(), params,
                    exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(request);
            Reply reply = script.apply(request);
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
