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
        switch (view) {
            case LIST -> {
                hint(line, "enter", "open");
                hint(line, "/", "filter");
                hint(line, ":", "ns");
                actions(line, access);
                hint(line, "?", "help");
                hint(line, "q", "quit");
            }
            case DETAIL -> {
                hint(line, "esc", "back");
                hint(line, "j/k", "scroll");
                actions(line, access);
                hint(line, "?", "help");
                hint(line, "q", "quit");
            }
            case HELP -> {
                hint(line, "esc", "back");
                hint(line, "q", "quit");
            }
            default -> throw new IllegalStateException(view.name());
        }
        return line;
    }

    private static void actions(Line line, Access access) {
        Optional<String> off = access.readOnlyReason();
        Tone key = off.isPresent() ? Tone.MUTED : Tone.TITLE;
        Tone text = off.isPresent() ? Tone.MUTED : Tone.NORMAL;
        for (String[] k : new String[][] {{"a", "abort"}, {"space", "pause/resume"}, {"p", "promote"},
            {"P", "full"}, {"r", "rollback"}}) {
            line.add("<" + k[0] + ">", key).add(" " + k[1] + "  ", text);
        }
        off.ifPresent(reason -> line.add("(" + reason + ")  ", Tone.MUTED));
    }

    private static void hint(Line line, String key, String what) {
        line.add("<" + key + ">", Tone.TITLE).add(" " + what + "  ");
    }
}
