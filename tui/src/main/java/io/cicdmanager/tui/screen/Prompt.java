package io.cicdmanager.tui.screen;

import com.googlecode.lanterna.input.KeyStroke;
import io.cicdmanager.tui.model.Tone;

/**
 * The line at the bottom where a filter (after {@code /}) or a command (after {@code :}) is typed, as k9s' prompt:
 * characters and backspace edit it, enter submits it, esc cancels it; other keys do nothing while it is open.
 */
final class Prompt {
    /** What the line is for, with the character that opens it. */
    enum Kind {
        FILTER("/"), COMMAND(":");

        private final String sign;

        Kind(String sign) {
            this.sign = sign;
        }
    }

    /** What a key did to the line. */
    enum Edit {
        /** The text changed (or the key was not one that edits); the line stays open. */
        TYPED,
        /** Enter: the line is closed and its text is what was asked for. */
        SUBMITTED,
        /** Esc: the line is closed and nothing was asked for. */
        CANCELLED
    }

    private final StringBuilder input = new StringBuilder();
    private Kind kind;

    boolean isOpen() {
        return kind != null;
    }

    Kind kind() {
        return kind;
    }

    /** Opens the line for {@code what}, holding {@code initial} (the filter being edited again). */
    void open(Kind what, String initial) {
        kind = what;
        input.setLength(0);
        input.append(initial);
    }

    /** The text typed so far, as typed. */
    String text() {
        return input.toString();
    }

    Edit handle(KeyStroke key) {
        switch (key.getKeyType()) {
            case Escape -> {
                kind = null;
                return Edit.CANCELLED;
            }
            case Enter -> {
                kind = null;
                return Edit.SUBMITTED;
            }
            case Backspace -> {
                if (input.length() > 0) {
                    input.setLength(input.length() - 1);
                }
            }
            case Character -> input.append(key.getCharacter());
            default -> {
                // arrows and the like do not edit the line
            }
        }
        return Edit.TYPED;
    }

    /** "/pay█": the sign, the text and the cursor. */
    Line line() {
        return new Line().add(kind.sign, Tone.TITLE).add(input.toString()).add("█", Tone.MUTED);
    }
}
