package io.cicdmanager.cli;

/**
 * Who is acting, from the environment, never from a flag: {@code CICD_ACTOR} (set by the SSH server to the
 * user's name and key), else Jenkins' {@code BUILD_USER}, else the operating-system user.
 */
final class Actors {
    private Actors() {
    }

    static String current(CliContext context) {
        return context.getenv("CICD_ACTOR")
                .or(() -> context.getenv("BUILD_USER"))
                .or(() -> context.getenv("USER"))
                .or(() -> context.getenv("USERNAME"))
                .orElse("unknown");
    }
}
