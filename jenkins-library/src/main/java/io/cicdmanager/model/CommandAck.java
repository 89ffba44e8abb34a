package io.cicdmanager.model;

import java.time.Instant;

/**
 * The engine's answer to a command, on the {@code cicd-manager.io/command-ack} annotation: the command's id,
 * whether it was {@code applied} or {@code ignored} (and why), when, and by which engine. A command whose id
 * differs from the acknowledgement's is still pending.
 */
public record CommandAck(String id, CommandAction action, String outcome, String message, Instant at, String engine) {
    public static final String APPLIED = "applied";
    public static final String IGNORED = "ignored";
}
