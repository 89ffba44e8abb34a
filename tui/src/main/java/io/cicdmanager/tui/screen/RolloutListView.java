package io.cicdmanager.tui.screen;

import io.cicdmanager.tui.model.RolloutSnapshot;
import io.cicdmanager.tui.model.Tone;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The rollouts table: one row per rollout, columns dropped from the least useful up as the terminal narrows, and
 * orphaned rollouts marked and coloured as failures whatever the width.
 */
final class RolloutListView {
    private static final int NAME_MIN = 18;

    private record Cell(String text, Tone tone) {
    }

    private record Column(String title, int width, int dropOrder, BiFunction<RolloutSnapshot, Instant, Cell> cell) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("STRATEGY", 10, 7, (r, now) -> new Cell(r.strategy(), Tone.NORMAL)),
            new Column("PHASE", 13, 1, (r, now) -> new Cell(Marks.of(r.phase()).text(), Marks.of(r.phase()).tone())),
            new Column("STEP", 5, 4, (r, now) -> new Cell(r.steps() == 0 ? "-" : r.step() + "/" + r.steps(),
                    Tone.NORMAL)),
            new Column("SET/ACTUAL", 10, 2, (r, now) -> new Cell(r.setWeight() + "%/" + r.actualWeight() + "%",
                    r.setWeight() == r.actualWeight() ? Tone.NORMAL : Tone.PENDING)),
            new Column("VERDICT", 14, 5, (r, now) -> new Cell(Marks.of(r.latestVerdict()).text(),
                    Marks.of(r.latestVerdict()).tone())),
            new Column("AGE", 5, 6, (r, now) -> new Cell(r.started()
                    .map(t -> Formats.age(Duration.between(t, now))).orElse("-"), Tone.NORMAL)),
            new Column("HEARTBEAT", 14, 3, RolloutListView::heartbeat));

    private RolloutListView() {
    }

    static Cell heartbeat(RolloutSnapshot r, Instant now) {
        if (r.orphaned()) {
            String age = r.heartbeatAt().map(t -> " " + Formats.age(Duration.between(t, now))).orElse("");
            return new Cell("⚠ ORPHANED" + age, Tone.FAILED);
        }
        if (r.phase().isTerminal()) {
            return new Cell("-", Tone.MUTED);
        }
        return r.heartbeatAt().map(t -> new Cell(Formats.age(Duration.between(t, now)) + " ago", Tone.NORMAL))
                .orElse(new Cell("never", Tone.PENDING));
    }

    /** The columns that fit in {@code width}, in display order. */
    private static List<Column> fitting(int width) {
        List<Column> shown = new ArrayList<>(COLUMNS);
        while (!shown.isEmpty() && NAME_MIN + shown.stream().mapToInt(c -> c.width() + 1).sum() > width) {
            Column drop = shown.get(0);
            for (Column c : shown) {
                if (c.dropOrder() > drop.dropOrder()) {
                    drop = c;
                }
            }
            shown.remove(drop);
        }
        return shown;
    }

    /** Paints the header row and the rows from {@code top}, between {@code firstRow} and {@code lastRow}. */
    static void draw(Canvas canvas, List<RolloutSnapshot> rows, int selected, int top, Instant now, int firstRow,
            int lastRow, String emptyText) {
        List<Column> columns = fitting(canvas.width());
        int nameWidth = Math.max(NAME_MIN, canvas.width() - columns.stream().mapToInt(c -> c.width() + 1).sum());
        Line header = new Line().cell("NAMESPACE/NAME", nameWidth, Tone.TITLE);
        for (Column c : columns) {
            header.add(" ").cell(c.title(), c.width(), Tone.TITLE);
        }
        canvas.row(firstRow, header);
        int row = firstRow + 1;
        if (rows.isEmpty()) {
            canvas.row(row, Line.of(emptyText, Tone.MUTED));
            return;
        }
        for (int i = top; i < rows.size() && row <= lastRow; i++, row++) {
            RolloutSnapshot r = rows.get(i);
            Tone nameTone = r.orphaned() ? Tone.FAILED : Tone.NORMAL;
            Line line = new Line().cell((r.orphaned() ? "⚠ " : "") + r.key(), nameWidth, nameTone);
            for (Column c : columns) {
                Cell cell = c.cell().apply(r, now);
                line.add(" ").cell(cell.text(), c.width(), r.orphaned() && c.dropOrder() != 1 ? Tone.FAILED
                        : cell.tone());
            }
            canvas.row(row, line, i == selected);
        }
    }
}
