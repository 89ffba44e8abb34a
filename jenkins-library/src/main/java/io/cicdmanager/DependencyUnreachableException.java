package io.cicdmanager;

/**
 * A system the engine depends on (Kubernetes, Prometheus, a database) could not be reached. The command line
 * turns it into exit code 4; the message names the system and the address tried.
 */
public class DependencyUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DependencyUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DependencyUnreachableException(String message) {
        super(message);
    }
}
