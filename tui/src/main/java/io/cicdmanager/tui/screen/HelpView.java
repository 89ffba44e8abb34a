package io.cicdmanager.tui.screen;

import io.cicdmanager.model.CommandAction;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.Tone;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The help screen: every key of the screen it was opened from ({@link Keys}, the table the console's key handling
 * reads), and whether the person's role allows the actions.
 */
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
        List<Keys.Row> rows = Keys.on(from);
        for (Keys.Row row : rows) {
            if (row.action().isEmpty()) {
                key(out, row.label(), row.what().get(from));
            }
        }
        if (from == RolloutConsole.View.DORA) {
            out.add(Line.empty());
            out.add(Line.of("The four keys of each service over the last 30 days, with their tier from the 2024 DORA "
                    + "report, and", Tone.NORMAL));
            out.add(Line.of("a trend of the last weeks (a gap is a week without data). Refreshed while shown; "
                    + "docs/dora.md has the rules.", Tone.NORMAL));
            return out;
        }
        out.add(Line.empty());
        Optional<String> off = access.readOnlyReason();
        out.add(new Line().add("Actions", Tone.TITLE)
                .add(off.map(r -> "  — off (" + r + ")").orElse("  — each asks to confirm and for a reason, "
                        + "which goes into the audit trail"), off.isPresent() ? Tone.PENDING : Tone.NORMAL));
        for (Keys.Row row : rows) {
            if (row.action().isEmpty()) {
                continue;
            }
            CommandAction a = row.action().get();
            String name = a == CommandAction.PAUSE ? "pause / resume" : a.wireName();
            String what = a == CommandAction.PAUSE ? "pause a progressing rollout, resume a paused one"
                    : row.what().get(from);
            Line line = new Line().cell("  " + row.label(), 18, off.isPresent() ? Tone.MUTED : Tone.TITLE)
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
