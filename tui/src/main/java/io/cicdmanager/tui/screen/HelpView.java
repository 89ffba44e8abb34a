package io.cicdmanager.tui.screen;

import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.RolloutAction;
import io.cicdmanager.tui.model.Tone;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The help screen: every key of the screen it was opened from, and whether the person's role allows it. */
final class HelpView {
    private HelpView() {
    }

    static List<Line> lines(RolloutConsole.View from, Access access) {
        List<Line> out = new ArrayList<>();
        String screen = switch (from) {
            case DETAIL -> "rollout detail";
            case DORA -> "DORA";
            default -> "rollouts list";
        };
        out.add(Line.of("Keys on the " + screen + " screen, for " + access.actor().name() + " ("
                + access.role().label() + ")", Tone.TITLE));
        out.add(Line.empty());
        out.add(Line.of("Moving around", Tone.TITLE));
        if (from == RolloutConsole.View.DORA) {
            key(out, "j / ↓, k / ↑", "scroll down, up");
            key(out, "esc, :rollouts", "back to the rollouts list");
            key(out, "?", "this help; ? or esc closes it");
            key(out, "q, :q, ctrl-c", "quit");
            out.add(Line.empty());
            out.add(Line.of("The four keys of each service over the last 30 days, with their tier from the 2024 DORA "
                    + "report, and", Tone.NORMAL));
            out.add(Line.of("a trend of the last weeks (a gap is a week without data). Refreshed while shown; "
                    + "docs/dora.md has the rules.", Tone.NORMAL));
            return out;
        }
        if (from == RolloutConsole.View.DETAIL) {
            key(out, "j / ↓, k / ↑", "scroll down, up");
            key(out, "PgDn, PgUp", "scroll a page");
            key(out, "esc", "back to the rollouts list");
        } else {
            key(out, "j / ↓, k / ↑", "next, previous rollout");
            key(out, "g, G", "first, last rollout");
            key(out, "enter", "open the selected rollout");
            key(out, "/", "filter by name, phase or strategy (esc clears)");
            key(out, ":ns NAME", "show one namespace; :ns all shows every namespace");
            key(out, ":dora", "the four DORA keys of every service, with their trend");
        }
        key(out, "?", "this help; ? or esc closes it");
        key(out, "q, :q, ctrl-c", "quit");
        out.add(Line.empty());
        Optional<String> off = access.readOnlyReason();
        out.add(new Line().add("Actions", Tone.TITLE)
                .add(off.map(r -> "  — off (" + r + ")").orElse("  — each asks to confirm and for a reason, "
                        + "which goes into the audit trail"), off.isPresent() ? Tone.PENDING : Tone.NORMAL));
        for (RolloutAction a : RolloutAction.values()) {
            if (a == RolloutAction.RESUME) {
                continue;
            }
            String name = a == RolloutAction.PAUSE ? "pause / resume" : a.command();
            String what = a == RolloutAction.PAUSE ? "pause a progressing rollout, resume a paused one" : a.effect();
            Line line = new Line().cell("  " + a.key(), 18, off.isPresent() ? Tone.MUTED : Tone.TITLE)
                    .cell(name, 16, off.isPresent() ? Tone.MUTED : Tone.NORMAL)
                    .add(what, off.isPresent() ? Tone.MUTED : Tone.NORMAL);
            out.add(line);
        }
        out.add(Line.empty());
        out.add(Line.of("Orphaned rollouts (engine heartbeat stale) accept only rollback, which works without the "
                + "engine.", Tone.MUTED));
        return out;
    }

    private static void key(List<Line> out, String key, String what) {
        out.add(new Line().cell("  " + key, 18, Tone.TITLE).add(what));
    }
}
