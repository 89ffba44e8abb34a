package io.cicdmanager.kube;

import io.cicdmanager.time.ScaledClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API server in this process, on a free loopback port: Fabric8's CRUD server, which stores what it is
 * given and serves watches but runs no controllers. Behind {@code cicd simulate}, the benchmarks and the demo.
 */
public final class InProcessApiServer implements AutoCloseable {
    // java.util.logging holds loggers weakly, and the mock server logs every request at INFO and its waits for
    // watch sends (see SendsInOrder) at WARNING: only its severe errors are shown.
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    /** How long a request to the in-process server may take on a loaded machine before it is an error. */
    static final int REQUEST_TIMEOUT_MILLIS = 120_000;

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public InProcessApiServer() {
        MOCK_SERVER_LOG.setLevel(Level.SEVERE);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        String path = request.getPath();
                        if (path != null && path.startsWith(FAULT_PATH)) {
                            return fault(path.substring(FAULT_PATH.length()));
                        }
                        return super.dispatch(request);
                    }

                    @Override
                    public MockResponse handleWatch(String path) {
                        MockResponse response = super.handleWatch(path);
                        WebSocketListener watch = response.getWebSocketListener();
                        return watch == null ? response : response.withWebSocketUpgrade(new SendsInOrder(watch));
                    }
                }, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        // A server in this process is never unreachable, only slow when the machine is busy: a request waits for it
        // (not the client's default 10 s, after which a loaded machine saw "An error has occurred"), and a
        // connection that failed is tried again.
        client = server.createClient(builder -> builder.editOrNewConfig()
                .withRequestTimeout(REQUEST_TIMEOUT_MILLIS)
                .withConnectionTimeout(REQUEST_TIMEOUT_MILLIS)
                .withRequestRetryBackoffLimit(5)
                // plain HTTP on loopback: HTTP/1.1, never the cleartext upgrade to HTTP/2 (see KubeConnection)
                .withHttp2Disable(true)
                .endConfig());
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * Requests to {@code /__fault/CODE} are answered with that HTTP status and a Kubernetes Status body, as the API
     * server answers a conflict (409), throttling (429, {@code Retry-After: 0}) or an internal error (500): where a
     * chaos harness sends the requests it fails.
     */
    public static final String FAULT_PATH = "/__fault/";

    private static MockResponse fault(String code) {
        int status;
        try {
            status = Integer.parseInt(code.replaceAll("[^0-9].*$", ""));
        } catch (NumberFormatException e) {
            status = 500;
        }
        String reason = switch (status) {
            case 409 -> "Conflict";
            case 429 -> "TooManyRequests";
            default -> "InternalError";
        };
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "0")
                .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"injected "
                        + status + "\",\"reason\":\"" + reason + "\",\"code\":" + status + "}");
    }

    /**
     * Writes a kubeconfig that reaches the API server at {@code serverUrl}, with {@code namespace} as the default: no
     * credentials and TLS not verified, as suits a server on loopback in this process or a test's. This is how
     * commands that connect the way kubectl does ({@code --kubeconfig}, {@code KUBECONFIG}) reach it.
     */
    public static Path writeKubeconfig(Path file, String serverUrl, String namespace) throws IOException {
        return writeKubeconfig(file, serverUrl, namespace, "");
    }

    /**
     * As {@link #writeKubeconfig(Path, String, String)}, for a cluster whose records are stamped by a clock that runs
     * {@code clock.speed()} times faster than the wall clock (the demo's): the kubeconfig's context says so under
     * {@link #CLOCK_EXTENSION}, so that commands using it read the cluster's time and show sane ages.
     */
    public static Path writeKubeconfig(Path file, String serverUrl, String namespace, ScaledClock clock)
            throws IOException {
        return writeKubeconfig(file, serverUrl, namespace, "\n    extensions:\n    - name: " + CLOCK_EXTENSION
                + "\n      extension: {origin: \"" + clock.origin() + "\", speed: " + clock.speed() + "}");
    }

    /** The kubeconfig context extension that names a cluster clock running faster than the wall clock. */
    public static final String CLOCK_EXTENSION = "cicd-manager.io/clock";

    private static Path writeKubeconfig(Path file, String serverUrl, String namespace, String extensions)
            throws IOException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: in-process
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                contexts:
                - name: in-process
                  context:
                    cluster: in-process
                    user: in-process
                    namespace: %s%s
                current-context: in-process
                users:
                - name: in-process
                  user: {}
                """.formatted(serverUrl, namespace, extensions));
        return file;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    /**
     * Fabric8 8.0.0's mock server ends a watch on its event loop by waiting for the watch's queued event sends, and
     * each send waits (up to 30 s) for a write that only that event loop completes: a watch closed while an event
     * was on its way froze the whole server for 30 s, and a server stopped in the freeze failed to stop
     * (fabric8io/kubernetes-client#7857). Here a watch hands its sends to a thread of its own, in order, and never
     * waits for them, so the end of a watch never waits for the event loop.
     */
    private static final class SendsInOrder extends WebSocketListener {
        private final WebSocketListener watch;
        private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "in-process-api-server-watch-send");
            t.setDaemon(true);
            return t;
        });
        private WebSocket socket;

        SendsInOrder(WebSocketListener watch) {
            this.watch = watch;
        }

        /** The server's socket, with sends queued for the sender thread. */
        private synchronized WebSocket queued(WebSocket server) {
            if (socket == null) {
                socket = new WebSocket() {
                    @Override
                    public RecordedRequest request() {
                        return server.request();
                    }

                    @Override
                    public boolean send(String text) {
                        return queue(() -> server.send(text));
                    }

                    @Override
                    public boolean send(byte[] bytes) {
                        return queue(() -> server.send(bytes));
                    }

                    @Override
                    public boolean close(int code, String reason) {
                        return server.close(code, reason);
                    }
                };
            }
            return socket;
        }

        private boolean queue(Runnable send) {
            if (sender.isShutdown()) {
                return false;
            }
            sender.execute(send);
            return true;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            watch.onBeforeAccept(queued(webSocket), response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            watch.onOpen(queued(webSocket), response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            watch.onMessage(queued(webSocket), text);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            watch.onMessage(queued(webSocket), bytes);
        }

        @Override
        public void onPing(WebSocket webSocket, byte[] bytes) {
            watch.onPing(queued(webSocket), bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            watch.onClosing(queued(webSocket), code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            watch.onClosed(queued(webSocket), code, reason);
            sender.shutdown();
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            watch.onFailure(queued(webSocket), t, response);
            sender.shutdown();
        }
    }
}
