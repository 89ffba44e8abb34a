package io.cicdmanager.tui.screen;

import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.CommandStatus;
import io.cicdmanager.tui.model.RolloutActions;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.RolloutKey;
import io.cicdmanager.tui.model.RolloutSnapshot;
import io.cicdmanager.tui.model.Tone;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Sends a console's commands and follows each until the engine answers it: whether an action may be sent at all
 * (the person's role, the rollout's phase, an orphaned rollout), the sending, and the message line that says how the
 * command stands, from "sending…" to the engine's acknowledgement.
 */
final class CommandSender {
    /** This console's command, until the engine answers it; its id is known once it is written. */
    private record Awaiting(RolloutKey key, CommandAction action, String commandId) {
    }

    private final RolloutBoard board;
    private final RolloutActions actions;
    private final Access access;
    private final Clock clock;
    private final Executor ui;
    private final Consumer<Line> say;
    private Awaiting awaiting;

    /**
     * @param ui runs the answers of {@link RolloutActions} on the console's UI thread
     * @param say puts a line on the console's message line
     */
    CommandSender(RolloutBoard board, RolloutActions actions, Access access, Clock clock, Executor ui,
            Consumer<Line> say) {
        this.board = board;
        this.actions = actions;
        this.access = access;
        this.clock = clock;
        this.ui = ui;
        this.say = say;
    }

    /**
     * Why {@code action} cannot be sent to {@code target} (the selected rollout, if any) by this person now, or empty
     * when it can be.
     */
    Optional<Line> refusal(CommandAction action, Optional<RolloutSnapshot> target) {
        Optional<String> off = access.readOnlyReason();
        if (off.isPresent()) {
            return Optional.of(Line.of(action.wireName() + " is off — " + off.get(), Tone.PENDING));
        }
        if (target.isEmpty()) {
            return Optional.of(Line.of("no rollout selected", Tone.PENDING));
        }
        RolloutSnapshot r = target.get();
        if (r.orphaned() && action != CommandAction.ROLLBACK) {
            return Optional.of(Line.of(action.wireName() + " needs the engine, and " + r.key()
                    + " is orphaned (stale heartbeat); r (rollback) works without it", Tone.FAILED));
        }
        if (!action.allowedIn(r.phase())) {
            return Optional.of(Line.of(action.wireName() + " is not possible: " + r.key() + " is "
                    + r.phase().wireName(), Tone.PENDING));
        }
        return Optional.empty();
    }

    /** Sends {@code action} for {@code target} with the person's {@code reason}. */
    void send(RolloutKey target, CommandAction action, String reason) {
        RolloutCommand command = access.actor().command(action, reason, clock.instant());
        Awaiting sending = new Awaiting(target, action, null);
        awaiting = sending;
        String name = action.wireName();
        say.accept(Line.of("sending " + name + " for " + target + "…", Tone.PENDING));
        actions.send(target, command).whenComplete((delivery, error) -> ui.execute(() -> {
            if (error != null) {
                awaiting = awaiting == sending ? null : awaiting;
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                say.accept(Line.of("✖ " + name + " for " + target + " was not written: " + cause.getMessage(),
                        Tone.FAILED));
            } else if (!delivery.awaitsEngine()) {
                awaiting = awaiting == sending ? null : awaiting;
                say.accept(Line.of("✔ " + name + " of " + target + " done by " + access.actor().name() + ": "
                        + delivery.message(), Tone.ADDED));
            } else if (awaiting == sending) {
                awaiting = new Awaiting(target, action, delivery.commandId());
                say.accept(Line.of(name + " for " + target + " written by " + access.actor().name()
                        + "; waiting for the engine to acknowledge…", Tone.PENDING));
            }
        }));
    }

    /** Turns the engine's answer to this console's own command, once the board has it, into the message line. */
    void noticeAnswer() {
        if (awaiting == null) {
            return;
        }
        board.view().find(awaiting.key()).flatMap(RolloutSnapshot::command).ifPresent(c -> {
            // By id: an earlier command with the same action, reason and person must not pass for this one.
            boolean ours = awaiting.commandId() != null && awaiting.commandId().equals(c.id());
            if (!ours || c.state() == CommandStatus.State.PENDING) {
                return;
            }
            String text = c.message() == null || c.message().isEmpty() ? "" : ": " + c.message();
            String what = c.action().wireName() + " of " + awaiting.key() + text;
            say.accept(switch (c.state()) {
                case ACKNOWLEDGED -> Line.of("✔ engine acknowledged " + what, Tone.ADDED);
                case IGNORED -> Line.of("– engine ignored " + what, Tone.PENDING);
                default -> Line.of("✖ engine rejected " + what, Tone.FAILED);
            });
            awaiting = null;
        });
    }
}
