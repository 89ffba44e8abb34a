package io.cicdmanager.tui.screen;

import io.cicdmanager.analysis.Figure;
import io.cicdmanager.tui.model.CommandStatus;
import io.cicdmanager.tui.model.RolloutSnapshot;
import io.cicdmanager.tui.model.RolloutSnapshot.AuditLine;
import io.cicdmanager.tui.model.RolloutSnapshot.CheckValue;
import io.cicdmanager.tui.model.RolloutSnapshot.EventLine;
import io.cicdmanager.tui.model.RolloutSnapshot.MetricSeries;
import io.cicdmanager.tui.model.RolloutSnapshot.Pod;
import io.cicdmanager.tui.model.RolloutSnapshot.Revision;
import io.cicdmanager.tui.model.Tone;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One rollout in full: the Argo Rollouts watch view (status, strategy, step, weights, images, replicas, pods per
 * revision, analysis counts), plus each check's number against its limit, charts of canary against stable, and
 * the latest events and audit entries. Wide terminals get two columns; narrow ones one, scrollable.
 */
final class RolloutDetailView {
    /** Two columns from this width on. */
    static final int TWO_COLUMNS = 110;
    private static final int LABEL = 16;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private RolloutDetailView() {
    }

    /** Every line of the view for {@code width}, before scrolling. */
    static List<Line> lines(RolloutSnapshot r, int width, Instant now, ZoneId zone) {
        List<Line> out = new ArrayList<>();
        if (r.orphaned()) {
            String age = r.heartbeatAt().map(t -> Formats.age(Duration.between(t, now))).orElse("never");
            out.add(Line.of("⚠ " + r.key() + " is orphaned: its engine's last heartbeat was " + age
                    + " ago. Only rollback (r) acts without the engine.", Tone.FAILED));
        }
        if (width >= TWO_COLUMNS) {
            int leftWidth = width / 2;
            List<Line> left = summary(r, now);
            left.add(Line.empty());
            left.addAll(revisions(r));
            List<Line> right = analysis(r, width - leftWidth - 2);
            for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
                Line l = i < left.size() ? left.get(i) : Line.empty();
                Line row = new Line().append(clip(l, leftWidth)).padTo(leftWidth).add("  ");
                if (i < right.size()) {
                    row.append(right.get(i));
                }
                out.add(row);
            }
        } else {
            out.addAll(summary(r, now));
            out.add(Line.empty());
            out.addAll(revisions(r));
            out.add(Line.empty());
            out.addAll(analysis(r, width));
        }
        r.command().ifPresent(c -> {
            out.add(Line.empty());
            out.add(command(c));
        });
        out.add(Line.empty());
        out.addAll(history(r, zone));
        return out;
    }

    private static Line clip(Line line, int width) {
        if (line.length() <= width) {
            return line;
        }
        Line cut = new Line();
        int used = 0;
        for (Line.Segment s : line.segments()) {
            if (used + s.text().length() >= width) {
                cut.add(Line.fit(s.text(), width - used).stripTrailing(), s.tone());
                break;
            }
            cut.add(s.text(), s.tone());
            used += s.text().length();
        }
        return cut;
    }

    private static Line field(String label, String value) {
        return field(label, value, Tone.NORMAL);
    }

    private static Line field(String label, String value, Tone tone) {
        return new Line().cell(label, LABEL, Tone.TITLE).add(value, tone);
    }

    static List<Line> summary(RolloutSnapshot r, Instant now) {
        List<Line> out = new ArrayList<>();
        out.add(field("Name:", r.key().name()));
        out.add(field("Namespace:", r.key().namespace()));
        Line status = new Line().cell("Status:", LABEL, Tone.TITLE)
                .add(Marks.of(r.phase()).text(), Marks.of(r.phase()).tone());
        if (!r.message().isEmpty()) {
            status.add(" — " + r.message());
        }
        out.add(status);
        out.add(field("Strategy:", capitalised(r.strategy())));
        out.add(field("  Step:", r.steps() == 0 ? "-" : r.step() + "/" + r.steps()));
        out.add(field("  SetWeight:", Integer.toString(r.setWeight())));
        out.add(field("  ActualWeight:", Integer.toString(r.actualWeight()),
                r.setWeight() == r.actualWeight() ? Tone.NORMAL : Tone.PENDING));
        out.add(new Line().cell("Images:", LABEL, Tone.TITLE).add(r.stableImage()).add(" (stable)", Tone.ADDED));
        if (!r.canaryImage().isEmpty()) {
            out.add(new Line().cell("", LABEL, Tone.NORMAL).add(r.canaryImage()).add(" (canary)", Tone.MODIFIED));
        }
        out.add(field("Replicas:", ""));
        out.add(field("  Desired:", Integer.toString(r.desiredReplicas())));
        out.add(field("  Ready:", Integer.toString(r.readyReplicas()),
                r.readyReplicas() < r.desiredReplicas() ? Tone.PENDING : Tone.NORMAL));
        out.add(engine(r, now));
        r.started().ifPresent(t -> out.add(field("Started:", Formats.age(Duration.between(t, now)) + " ago")));
        return out;
    }

    private static Line engine(RolloutSnapshot r, Instant now) {
        Line line = new Line().cell("Engine:", LABEL, Tone.TITLE);
        String age = r.heartbeatAt().map(t -> Formats.age(Duration.between(t, now)) + " ago").orElse("never");
        if (r.orphaned()) {
            return line.add("⚠ ORPHANED (heartbeat " + age + ")", Tone.FAILED);
        }
        return line.add("heartbeat " + age, r.heartbeatAt().isPresent() ? Tone.NORMAL : Tone.PENDING);
    }

    private static Line command(CommandStatus c) {
        Line line = new Line().cell("Command:", LABEL, Tone.TITLE)
                .add(c.action().wireName() + " by " + c.actor() + " “" + c.reason() + "” ");
        switch (c.state()) {
            case PENDING -> line.add("… waiting for the engine", Tone.PENDING);
            case ACKNOWLEDGED -> line.add("✔ acknowledged" + answeredAfter(c) + ackMessage(c), Tone.ADDED);
            case IGNORED -> line.add("– ignored" + answeredAfter(c) + ackMessage(c), Tone.PENDING);
            case REJECTED -> line.add("✖ rejected" + answeredAfter(c) + ackMessage(c), Tone.FAILED);
            default -> throw new IllegalStateException(c.state().name());
        }
        return line;
    }

    private static String answeredAfter(CommandStatus c) {
        return c.answered().map(t -> String.format(Locale.ROOT, " after %.1fs",
                Duration.between(c.requestedAt(), t).toMillis() / 1000.0)).orElse("");
    }

    private static String ackMessage(CommandStatus c) {
        return c.message() == null || c.message().isEmpty() ? "" : ": " + c.message();
    }

    static List<Line> revisions(RolloutSnapshot r) {
        List<Line> out = new ArrayList<>();
        out.add(Line.of("Revisions and pods", Tone.TITLE));
        if (r.revisions().isEmpty()) {
            out.add(Line.of("  no pods reported", Tone.MUTED));
        }
        for (Revision rev : r.revisions()) {
            Tone tone = "canary".equals(rev.track()) ? Tone.MODIFIED : Tone.ADDED;
            out.add(new Line().add("● ", tone).cell(rev.track(), 7, tone).add(" " + rev.name() + "  ")
                    .add(rev.ready() + "/" + rev.desired() + " ready", rev.ready() < rev.desired() ? Tone.PENDING
                            : Tone.NORMAL));
            for (Pod p : rev.pods()) {
                Tone podTone = p.ready() ? Tone.ADDED : Tone.FAILED;
                out.add(new Line().add("    " + (p.ready() ? "✔ " : "✖ "), podTone).add(p.name() + "  ")
                        .add(p.status(), podTone)
                        .add("  " + (p.ready() ? "ready" : "not ready") + "  ")
                        .add(p.restarts() + " restarts", p.restarts() > 0 ? Tone.PENDING : Tone.NORMAL));
            }
        }
        return out;
    }

    static List<Line> analysis(RolloutSnapshot r, int width) {
        List<Line> out = new ArrayList<>();
        RolloutSnapshot.AnalysisCounts a = r.analysis();
        out.add(new Line().add("Analysis  ", Tone.TITLE)
                .add("✔ " + a.pass() + " passed", Tone.ADDED).add("  ")
                .add("✖ " + a.fail() + " failed", a.fail() > 0 ? Tone.FAILED : Tone.NORMAL).add("  ")
                .add("? " + a.inconclusive() + " inconclusive", a.inconclusive() > 0 ? Tone.PENDING : Tone.NORMAL));
        out.add(new Line().cell("  check", 20, Tone.MUTED).cell("now", 10, Tone.MUTED).cell("limit", 16, Tone.MUTED)
                .add("verdict", Tone.MUTED));
        if (r.checks().isEmpty()) {
            out.add(Line.of("  no checks yet", Tone.MUTED));
        }
        for (CheckValue c : r.checks()) {
            Figure.Shown shown = c.shown();
            Marks.Mark verdict = Marks.of(c.verdict());
            out.add(new Line().cell("  " + c.name(), 20, Tone.NORMAL)
                    .cell(shown.value(), 10, c.current().isPresent() ? verdict.tone() : Tone.PENDING)
                    .cell(shown.limit().isEmpty() ? "-" : shown.rule(), 16, Tone.NORMAL)
                    .add(verdict.icon() + " " + verdict.name().toLowerCase(Locale.ROOT), verdict.tone()));
        }
        out.add(Line.empty());
        out.addAll(charts(r.series(), width));
        return out;
    }

    static List<Line> charts(MetricSeries s, int width) {
        List<Line> out = new ArrayList<>();
        int chart = Math.max(8, Math.min(40, width - 32));
        double errMax = Sparkline.max(List.of(s.canaryErrorRate(), s.stableErrorRate()));
        double p95Max = Sparkline.max(List.of(s.canaryP95(), s.stableP95()));
        out.add(Line.of("Charts (oldest → latest)", Tone.TITLE));
        out.add(chartLine("error rate", "canary", s.canaryErrorRate(), errMax, chart, Tone.MODIFIED,
                v -> Formats.percent(v)));
        out.add(chartLine("", "stable", s.stableErrorRate(), errMax, chart, Tone.ADDED, v -> Formats.percent(v)));
        out.add(chartLine("P95", "canary", s.canaryP95(), p95Max, chart, Tone.MODIFIED, v -> Formats.seconds(v)));
        out.add(chartLine("", "stable", s.stableP95(), p95Max, chart, Tone.ADDED, v -> Formats.seconds(v)));
        out.add(chartLine("weight", "canary", s.weight(), 100, chart, Tone.MODIFIED, v -> Math.round(v) + "%"));
        return out;
    }

    private static Line chartLine(String title, String track, List<? extends Number> values, double max, int width,
            Tone tone, java.util.function.DoubleFunction<String> format) {
        Number last = values.isEmpty() ? null : values.get(values.size() - 1);
        String latest = last == null ? "no data" : format.apply(last.doubleValue());
        return new Line().cell("  " + title, 13, Tone.NORMAL).cell(track, 7, tone)
                .cell(Sparkline.of(values, max, width), width + 1, tone).add(latest);
    }

    /** Events and audit entries together, latest first. */
    static List<Line> history(RolloutSnapshot r, ZoneId zone) {
        record Entry(Instant time, Line line) {
        }
        List<Entry> entries = new ArrayList<>();
        for (AuditLine a : r.audit()) {
            Tone tone = a.outcome() != null && a.outcome().matches("(?i).*(reject|fail|refus|denied).*")
                    ? Tone.FAILED : Tone.NORMAL;
            entries.add(new Entry(a.time(), new Line().add(TIME.format(a.time().atZone(zone)) + "  ")
                    .cell("audit", 6, Tone.TITLE).add(a.actor() + "  ", Tone.ADDED)
                    .add(a.action()).add(a.reason() == null || a.reason().isEmpty() ? "" : " “" + a.reason() + "”")
                    .add(a.outcome() == null ? "" : " → " + a.outcome(), tone)));
        }
        for (EventLine e : r.events()) {
            entries.add(new Entry(e.time(), new Line().add(TIME.format(e.time().atZone(zone)) + "  ")
                    .cell("event", 6, Tone.MUTED).add(e.reason() + "  ", Tone.PENDING).add(e.message())));
        }
        entries.sort(Comparator.comparing(Entry::time).reversed());
        List<Line> out = new ArrayList<>();
        out.add(Line.of("Events and audit (latest first)", Tone.TITLE));
        if (entries.isEmpty()) {
            out.add(Line.of("  nothing yet", Tone.MUTED));
        }
        for (Entry e : entries) {
            out.add(new Line().add("  ").append(e.line()));
        }
        return out;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
