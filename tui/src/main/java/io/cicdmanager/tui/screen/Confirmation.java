package io.cicdmanager.tui.screen;

import com.googlecode.lanterna.input.KeyStroke;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.tui.model.RolloutKey;
import io.cicdmanager.tui.model.Tone;

/**
 * The question an action asks before anything is sent, as k9s' confirm dialog: "Abort prod/checkout? traffic goes
 * back to stable now and the canary is scaled down. [y/N]"; y then asks for the reason, which the audit trail keeps
 * and which may not be empty. Anything but y, and esc at either step, cancels.
 */
final class Confirmation {
    /** What a key did to the dialog. */
    sealed interface Answer {
    }

    /** Still asking. */
    record Asking() implements Answer {
    }

    /** Cancelled: nothing is to be sent. */
    record Cancelled(CommandAction action) implements Answer {
    }

    /** Confirmed with a reason: the action is to be sent. */
    record Confirmed(CommandAction action, RolloutKey target, String reason) implements Answer {
    }

    private static final Answer ASKING = new Asking();

    private final StringBuilder reason = new StringBuilder();
    private CommandAction action;
    private RolloutKey target;
    private boolean askingReason;
    private boolean reasonMissing;

    boolean isOpen() {
        return action != null;
    }

    /** Asks whether to send {@code what} to {@code to}. */
    void ask(CommandAction what, RolloutKey to) {
        action = what;
        target = to;
        askingReason = false;
        reasonMissing = false;
        reason.setLength(0);
    }

    Answer handle(KeyStroke key) {
        switch (key.getKeyType()) {
            case Escape -> {
                return cancel();
            }
            case Enter -> {
                if (!askingReason) {
                    return cancel();
                }
                String text = reason.toString().trim();
                if (text.isEmpty()) {
                    reasonMissing = true;
                    return ASKING;
                }
                Answer confirmed = new Confirmed(action, target, text);
                action = null;
                target = null;
                return confirmed;
            }
            case Backspace -> {
                if (reason.length() > 0) {
                    reason.setLength(reason.length() - 1);
                }
            }
            case Character -> {
                char c = key.getCharacter();
                if (askingReason) {
                    reason.append(c);
                } else if (c == 'y' || c == 'Y') {
                    askingReason = true;
                } else {
                    return cancel();
                }
            }
            default -> {
                // arrows and the like neither answer nor edit
            }
        }
        return ASKING;
    }

    private Answer cancel() {
        Answer cancelled = new Cancelled(action);
        action = null;
        target = null;
        return cancelled;
    }

    /** The question, or the reason being typed, fitted to {@code width}. */
    Line line(int width) {
        if (askingReason) {
            return new Line().add("Reason for " + action.wireName() + " of " + target + ": ", Tone.TITLE)
                    .add(reason.toString()).add("█", Tone.MUTED)
                    .add(reasonMissing ? "  a reason is required: it goes into the audit trail" : "", Tone.PENDING);
        }
        return question(width);
    }

    /**
     * "Abort prod/checkout? traffic goes back to stable now. [y/N]": on a narrow terminal the effect, then the
     * question, gives way (cut with an ellipsis) so that the keys to answer always show.
     */
    private Line question(int width) {
        String keys = "[y/N]";
        String wire = action.wireName();
        String question = Character.toUpperCase(wire.charAt(0)) + wire.substring(1) + " " + target + "? ";
        String effect = action.effect() + ". ";
        int room = Math.max(0, width - keys.length());
        if (question.length() + effect.length() > room) {
            int forEffect = room - question.length();
            effect = forEffect >= 4 ? Line.fit(effect.stripTrailing(), forEffect - 1) + " " : "";
            if (effect.isEmpty()) {
                question = Line.fit(question.stripTrailing(), Math.max(0, room - 1)) + " ";
            }
        }
        return new Line().add(question, action.destructive() ? Tone.FAILED : Tone.PENDING).add(effect)
                .add(keys, Tone.TITLE);
    }
}
