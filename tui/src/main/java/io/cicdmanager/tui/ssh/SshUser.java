package io.cicdmanager.tui.ssh;

import io.cicdmanager.tui.model.Role;
import java.util.List;

/** One person allowed in over SSH: their name, role, and the public keys that prove it is them. */
public record SshUser(String name, Role role, List<AuthorizedKey> keys) {

    public SshUser {
        keys = List.copyOf(keys);
    }

    /** One public key: its SHA-256 fingerprint (as {@code ssh-keygen -l} prints it), type and comment. */
    public record AuthorizedKey(String fingerprint, String type, String comment) {
    }
}
