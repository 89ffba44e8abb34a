package io.cicdmanager.tui.screen;

import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.Tone;
import java.util.List;
import java.util.Optional;

/**
 * The key bar above the message line: what the keys of the current screen do, action keys greyed when off. It
 * fits the width: {@code <?> help} and {@code <q> quit} always show, and as the terminal narrows the action hints
 * get shorter and the least used hints go first; the help screen has them all.
 */
final class KeyHints {
    private KeyHints() {
    }

    private record Hint(String key, String what) {
    }

    /** How the action keys show, from the longest to none. */
    private enum Actions {
        /** Each key with what it does, or for read-only, the keys greyed with the whole reason. */
        FULL,
        /** Operators: shorter names; read-only: the keys greyed with a short reason. */
        SHORT,
        /** Operators: the keys without names; read-only: the short reason alone. */
        KEYS,
        NONE
    }

    private static final Hint HELP = new Hint("?", "help");
    private static final Hint QUIT = new Hint("q", "quit");

    /** The fullest bar that fits in {@code width} columns. */
    static Line forView(RolloutConsole.View view, Access access, int width) {
        // The screen's own hints, most useful first: the last ones go first when space runs out.
        List<Hint> own = switch (view) {
            case HELP -> List.of(new Hint("esc", "back"));
            case DORA -> List.of(new Hint("esc", "rollouts"), new Hint("j/k", "scroll"));
            case LIST -> List.of(new Hint("enter", "open"), new Hint("/", "filter"), new Hint(":", "ns"));
            case DETAIL -> List.of(new Hint("esc", "back"), new Hint("j/k", "scroll"));
        };
        boolean withActions = view == RolloutConsole.View.LIST || view == RolloutConsole.View.DETAIL;
        Optional<String> off = access.readOnlyReason();
        Line fallback = null;
        for (Actions form : withActions ? Actions.values() : new Actions[] {Actions.NONE}) {
            // The full and short action forms come with every hint of the screen; the read-only short reason
            // first loses the greyed keys before the screen's hints go. An operator keeps the action names
            // longer than the screen's hints.
            boolean dropHints = form == Actions.NONE || form == Actions.KEYS
                    || form == Actions.SHORT && off.isEmpty();
            for (int kept = own.size(); kept >= (dropHints ? 0 : own.size()); kept--) {
                Line line = bar(own.subList(0, kept), form, access, off, view == RolloutConsole.View.HELP);
                if (line.text().stripTrailing().length() <= width) {
                    return line;
                }
                fallback = line;
            }
        }
        return fallback;
    }

    private static Line bar(List<Hint> own, Actions form, Access access, Optional<String> off, boolean help) {
        Line line = new Line();
        for (Hint h : own) {
            hint(line, h);
        }
        actions(line, form, access, off);
        if (!help) {
            hint(line, HELP);
        }
        hint(line, QUIT);
        return line;
    }

    private static void actions(Line line, Actions form, Access access, Optional<String> off) {
        if (form == Actions.NONE) {
            return;
        }
        if (off.isPresent()) {
            StringBuilder keys = new StringBuilder();
            Keys.actionKeys().forEach(k -> keys.append('<').append(k.key()).append("> "));
            String shortReason = "read-only (" + (access.forcedReadOnly() ? "--readonly" : access.role().label())
                    + ") ";
            switch (form) {
                case FULL -> line.add(keys + "off", Tone.MUTED).add(" (" + off.get() + ") ", Tone.MUTED);
                case SHORT -> line.add(keys + shortReason, Tone.MUTED);
                default -> line.add(shortReason, Tone.MUTED);
            }
            return;
        }
        if (form == Actions.KEYS) {
            for (Keys.Does k : Keys.actionKeys()) {
                line.add("<" + k.key() + ">", Tone.TITLE).add(" ");
            }
            line.add("actions ");
            return;
        }
        for (Keys.Does k : Keys.actionKeys()) {
            // space pauses a progressing rollout and resumes a paused one
            String what = k == Keys.Does.PAUSE && form == Actions.FULL ? "pause/resume" : k.hint();
            line.add("<" + k.key() + ">", Tone.TITLE).add(" " + what + " ");
        }
    }

    private static void hint(Line line, Hint h) {
        line.add("<" + h.key() + ">", Tone.TITLE).add(" " + h.what() + " ");
    }
}
