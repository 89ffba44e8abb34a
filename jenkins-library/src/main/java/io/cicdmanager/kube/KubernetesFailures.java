package io.cicdmanager.kube;

import io.cicdmanager.DependencyUnreachableException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;

/** Tells an unreachable API server (exit 4) apart from an answer the server gave. */
public final class KubernetesFailures {
    public static final int CONFLICT = 409;
    public static final int NOT_FOUND = 404;

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
                    + " is unreachable: " + rootMessage(e), e);
        }
        return e;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
