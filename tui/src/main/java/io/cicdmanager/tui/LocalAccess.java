package io.cicdmanager.tui;

import io.cicdmanager.cli.CliContext;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.Actor;
import io.cicdmanager.tui.model.Role;

/** Who is at a local terminal: the login name, proven by the machine's own login, acting as an operator. */
final class LocalAccess {
    private LocalAccess() {
    }

    static Access of(CliContext context, boolean readOnly) {
        String name = context.getenv("USER").or(() -> context.getenv("LOGNAME")).orElse("local");
        return new Access(new Actor(name, Actor.LOCAL), Role.OPERATOR, readOnly);
    }
}
