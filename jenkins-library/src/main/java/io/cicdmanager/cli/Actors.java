package io.cicdmanager.cli;

/**
 * Who is acting, from the environment, never from a flag: {@code CICD_ACTOR} (set by the SSH server to the
 * user's name and key), else Jenkins' {@code BUILD_USER_ID} (the login, as {@code recordDora} records it) or
 * {@code BUILD_USER} (Build User Vars plugin), else the Jenkins job and build ({@code JOB_NAME #BUILD_NUMBER}, set
 * on every build), else the operating-system user.
 */
final class Actors {
    private Actors() {
    }

    static String current(CliContext context) {
        return context.getenv("CICD_ACTOR")
                .or(() -> context.getenv("BUILD_USER_ID"))
                .or(() -> context.getenv("BUILD_USER"))
                .or(() -> context.getenv("JOB_NAME").map(job -> "jenkins " + job
                        + context.getenv("BUILD_NUMBER").map(n -> " #" + n).orElse("")))
                .or(() -> context.getenv("USER"))
                .or(() -> context.getenv("USERNAME"))
                .orElseGet(() -> System.getProperty("user.name", "unknown"));
    }
}
