package io.cicdmanager.kube;

import io.cicdmanager.DependencyUnreachableException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.function.Supplier;

/** Tells an unreachable API server (exit 4) apart from an answer the server gave. */
public final class KubernetesFailures {
    public static final int CONFLICT = 409;
    public static final int NOT_FOUND = 404;
    /** How often a write is tried when it keeps meeting 409 Conflict. */
    static final int CONFLICT_ATTEMPTS = 5;

    private KubernetesFailures() {
    }

    /** True when no HTTP answer came back: connection refused, timeout, DNS. */
    public static boolean isUnreachable(KubernetesClientException e) {
        if (e.getCode() > 0) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return e.getCode() == 0 && e.getStatus() == null;
    }

    /** The exception to throw instead: unreachable (exit 4) or the client's own. */
    public static RuntimeException translate(KubernetesClient client, KubernetesClientException e) {
        if (isUnreachable(e)) {
            return new DependencyUnreachableException("Kubernetes API server at " + client.getMasterUrl()
                    + " is unreachable: " + reason(e), e);
        }
        return e;
    }

    /**
     * Runs a read-modify-write of an object that others write too (a Deployment's controller updates its status
     * all the time): on 409 Conflict it runs again, reading the object afresh, as client-go's RetryOnConflict does;
     * any other failure, or a conflict on the last attempt, is thrown as {@link #translate} says.
     */
    public static <T> T retryOnConflict(KubernetesClient client, Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT || attempt >= CONFLICT_ATTEMPTS) {
                    throw translate(client, e);
                }
            }
        }
    }

    /** {@link #retryOnConflict(KubernetesClient, Supplier)} for a write whose result is not needed. */
    public static void retryOnConflict(KubernetesClient client, Runnable write) {
        retryOnConflict(client, () -> {
            write.run();
            return null;
        });
    }

    /**
     * Why no answer came, in words rather than Java's exception names: the host name does not resolve, the
     * connection was refused or closed, no answer in time, TLS failed.
     */
    public static String reason(Throwable e) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        // The most telling cause first: the JDK wraps an unresolved host in a ConnectException.
        if (has(chain, java.nio.channels.UnresolvedAddressException.class, java.net.UnknownHostException.class)) {
            return "its host name does not resolve";
        }
        if (has(chain, javax.net.ssl.SSLException.class)) {
            Throwable tls = chain.stream().filter(javax.net.ssl.SSLException.class::isInstance).findFirst()
                    .orElseThrow();
            return "the TLS handshake failed" + (tls.getMessage() == null ? "" : ": " + tls.getMessage());
        }
        if (has(chain, java.net.http.HttpTimeoutException.class, java.net.SocketTimeoutException.class,
                java.util.concurrent.TimeoutException.class)) {
            return "no answer in time";
        }
        if (has(chain, java.net.ConnectException.class)) {
            return "the connection was refused (nothing listens there)";
        }
        if (has(chain, java.nio.channels.ClosedChannelException.class, java.io.EOFException.class)) {
            return "the connection was closed before an answer";
        }
        Throwable root = chain.get(chain.size() - 1);
        return root.getMessage() != null ? root.getMessage() : "the connection failed";
    }

    @SafeVarargs
    private static boolean has(java.util.List<Throwable> chain, Class<? extends Throwable>... types) {
        return chain.stream().anyMatch(t -> java.util.Arrays.stream(types).anyMatch(c -> c.isInstance(t)));
    }
}
