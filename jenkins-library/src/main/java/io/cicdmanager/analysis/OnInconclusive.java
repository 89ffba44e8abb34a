package io.cicdmanager.analysis;

/** What a rollout does when inconclusive rounds exceed the limit: wait for a person, or roll back. */
public enum OnInconclusive {
    PAUSE, ROLLBACK
}
