package io.cicdmanager.audit;

import java.util.Map;
import java.util.Optional;

/**
 * Who is acting, from the environment, never from a flag: {@code CICD_ACTOR} (set by the SSH server to the
 * user's name and key), else Jenkins' {@code BUILD_USER_ID} (the login, as {@code recordDora} records it) or
 * {@code BUILD_USER} (Build User Vars plugin), else the Jenkins job and build ({@code JOB_NAME #BUILD_NUMBER}, set
 * on every build), else the operating-system user. Every audit entry, rollout and DORA record names its actor so.
 */
public final class Actors {
    private Actors() {
    }

    /** The actor {@code env} names; an empty variable counts as unset. */
    public static String current(Map<String, String> env) {
        return get(env, "CICD_ACTOR")
                .or(() -> get(env, "BUILD_USER_ID"))
                .or(() -> get(env, "BUILD_USER"))
                .or(() -> get(env, "JOB_NAME").map(job -> "jenkins " + job
                        + get(env, "BUILD_NUMBER").map(n -> " #" + n).orElse("")))
                .or(() -> get(env, "USER"))
                .or(() -> get(env, "USERNAME"))
                .orElseGet(() -> System.getProperty("user.name", "unknown"));
    }

    private static Optional<String> get(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
    }
}
