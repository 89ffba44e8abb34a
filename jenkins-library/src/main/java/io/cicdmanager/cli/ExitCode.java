package io.cicdmanager.cli;

/** The exit codes of every {@code cicd} command, as README.md and `cicd --help` list them; the Jenkins steps map these. */
public final class ExitCode {
    /** Gates passed, or the rollout succeeded. */
    public static final int OK = 0;
    /** A blocking gate failed, or the rollout was rolled back or aborted. */
    public static final int FAILED = 1;
    /** Bad usage, or an invalid policy or spec. */
    public static final int USAGE = 2;
    /** Only non-blocking gates failed. */
    public static final int UNSTABLE = 3;
    /** Kubernetes, Prometheus or a database could not be reached. */
    public static final int UNREACHABLE = 4;
    /** A defect in cicd itself: never the user's input. */
    public static final int INTERNAL = 70;

    private ExitCode() {
    }
}
