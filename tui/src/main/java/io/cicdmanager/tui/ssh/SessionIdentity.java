package io.cicdmanager.tui.ssh;

import io.cicdmanager.tui.model.Actor;
import io.cicdmanager.tui.model.Role;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

/** Who an SSH session belongs to, set when their key is accepted: every command of the session acts as them. */
public record SessionIdentity(Actor actor, Role role, String address) {
    /** Where the identity is kept on the MINA session. */
    static final AttributeKey<SessionIdentity> KEY = new AttributeKey<>();
}
