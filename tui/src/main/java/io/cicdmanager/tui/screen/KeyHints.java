package io.cicdmanager.tui.screen;

import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.Tone;
import java.util.Optional;

/** The key bar above the message line: what the keys of the current screen do, action keys greyed when off. */
final class KeyHints {
    private KeyHints() {
    }

    static Line forView(RolloutConsole.View view, Access access) {
        Line line = new Line();
        if (view == RolloutConsole.View.HELP) {
            hint(line, "esc", "back");
            hint(line, "q", "quit");
            return line;
        }
        if (view == RolloutConsole.View.DORA) {
            hint(line, "esc", "rollouts");
            hint(line, "j/k", "scroll");
            hint(line, "?", "help");
            hint(line, "q", "quit");
            return line;
        }
        if (view == RolloutConsole.View.LIST) {
            hint(line, "enter", "open");
            hint(line, "/", "filter");
            hint(line, ":", "ns");
        } else {
            hint(line, "esc", "back");
            hint(line, "j/k", "scroll");
        }
        actions(line, access);
        hint(line, "?", "help");
        hint(line, "q", "quit");
        return line;
    }

    private static void actions(Line line, Access access) {
        Optional<String> off = access.readOnlyReason();
        if (off.isPresent()) {
            // Greyed, and short, so that the reason fits on the line.
            line.add("<a> <space> <p> <P> <r> off", Tone.MUTED).add(" (" + off.get() + ") ", Tone.MUTED);
            return;
        }
        for (String[] k : new String[][] {{"a", "abort"}, {"space", "pause/resume"}, {"p", "promote"},
            {"P", "full"}, {"r", "rollback"}}) {
            line.add("<" + k[0] + ">", Tone.TITLE).add(" " + k[1] + " ");
        }
    }

    private static void hint(Line line, String key, String what) {
        line.add("<" + key + ">", Tone.TITLE).add(" " + what + " ");
    }
}
