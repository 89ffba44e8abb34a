package io.cicdmanager.tui.screen;

import io.cicdmanager.dora.DoraReport;
import io.cicdmanager.dora.DoraReporter.ServiceTrend;
import io.cicdmanager.dora.Selection;
import io.cicdmanager.dora.Tier;
import io.cicdmanager.tui.model.DoraBoard;
import io.cicdmanager.tui.model.Tone;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The DORA screen ({@code :dora}): for each service, environment and team, the four keys over the window with
 * their tier (or "no data", never a tier made up from nothing) and a weekly trend drawn as a sparkline, with an
 * arrow that says whether the latest week was better or worse than the one before.
 */
final class DoraView {
    /** The trend column is dropped below this width. */
    static final int TREND_WIDTH = 72;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    /** One key: its title, how it reads from a report, and whether less is better. */
    private record Key(String title, Function<DoraReport, Double> value, Function<DoraReport, Tier> tier,
            Function<DoraReport, String> text, boolean lowerIsBetter) {
    }

    private static final List<Key> KEYS = List.of(
            new Key("deployment frequency", r -> r.deploymentFrequency().perDay(), r -> r.deploymentFrequency().tier(),
                    r -> perDay(r.deploymentFrequency().perDay()), false),
            new Key("lead time for changes", r -> r.leadTime().medianHours(), r -> r.leadTime().tier(),
                    r -> hours(r.leadTime().medianHours()) + (r.leadTime().p90Hours() == null ? ""
                            : " (p90 " + hours(r.leadTime().p90Hours()) + ")"), true),
            new Key("change failure rate", r -> r.changeFailureRate().percent(), r -> r.changeFailureRate().tier(),
                    r -> String.format(Locale.ROOT, "%.1f%% (%d of %d)", r.changeFailureRate().percent(),
                            r.changeFailureRate().failed(), r.changeFailureRate().deployments()), true),
            new Key("recovery time", r -> r.recoveryTime().medianHours(), r -> r.recoveryTime().tier(),
                    r -> hours(r.recoveryTime().medianHours()) + " (" + r.recoveryTime().restored() + " restored"
                            + (r.recoveryTime().unrestored() > 0 ? ", " + r.recoveryTime().unrestored()
                                    + " not yet" : "") + ")", true));

    private DoraView() {
    }

    static List<Line> lines(DoraBoard.State state, int width, ZoneId zone) {
        List<Line> out = new ArrayList<>();
        DoraBoard.Overview o = state.overview();
        if (o == null) {
            if (state.error() != null) {
                out.add(Line.of("✖ DORA figures could not be read: " + state.error(), Tone.FAILED));
            } else {
                out.add(Line.of("reading the DORA store…", Tone.PENDING));
            }
            return out;
        }
        out.add(new Line().add("DORA four keys", Tone.TITLE).add(" over " + days(o.window().since(),
                o.window().until()) + " to " + DAY.format(o.window().until().atZone(zone)) + ", trend: "
                + o.weeks() + " weeks, oldest → latest", Tone.NORMAL));
        out.add(Line.of("store: " + o.store(), Tone.MUTED));
        if (state.error() != null) {
            out.add(Line.of("✖ the latest refresh failed, showing the previous figures: " + state.error(),
                    Tone.FAILED));
        }
        if (o.services().isEmpty()) {
            out.add(Line.empty());
            out.add(Line.of("no deployments recorded in this window (cicd dora record, recordDora, or the engine's "
                    + "own outcomes fill the store)", Tone.MUTED));
            return out;
        }
        boolean trend = width >= TREND_WIDTH;
        for (ServiceTrend s : o.services()) {
            DoraReport r = s.current();
            out.add(Line.empty());
            out.add(new Line().add(title(r.selection()), Tone.TITLE).add("  " + r.deployments() + " deployments",
                    Tone.MUTED));
            for (Key k : KEYS) {
                out.add(row(k, s, trend));
            }
        }
        return out;
    }

    private static Line row(Key k, ServiceTrend s, boolean trend) {
        DoraReport r = s.current();
        Double value = k.value().apply(r);
        Tier tier = k.tier().apply(r);
        Line line = new Line().cell("  " + k.title(), 24, Tone.NORMAL);
        if (value == null) {
            line.cell("no data", 28, Tone.MUTED).cell("-", 8, Tone.MUTED);
        } else {
            line.cell(k.text().apply(r), 28, Tone.NORMAL).cell(tier.label(), 8, tone(tier));
        }
        if (trend) {
            List<Double> weekly = new ArrayList<>();
            for (DoraReport w : s.weekly()) {
                weekly.add(k.value().apply(w));
            }
            line.cell(Sparkline.of(weekly, Sparkline.max(List.of(weekly)), weekly.size()), weekly.size() + 1,
                    Tone.MODIFIED);
            line.append(direction(weekly, k.lowerIsBetter()));
        }
        return line;
    }

    /** ↑ or ↓ from the week before to the latest, toned by whether that is better; nothing without both weeks. */
    static Line direction(List<Double> weekly, boolean lowerIsBetter) {
        int n = weekly.size();
        if (n < 2 || weekly.get(n - 1) == null || weekly.get(n - 2) == null) {
            return Line.empty();
        }
        double latest = weekly.get(n - 1);
        double before = weekly.get(n - 2);
        if (latest == before) {
            return Line.of("→ steady", Tone.MUTED);
        }
        boolean better = lowerIsBetter ? latest < before : latest > before;
        return Line.of((latest > before ? "↑" : "↓") + (better ? " better" : " worse"),
                better ? Tone.ADDED : Tone.FAILED);
    }

    private static Tone tone(Tier tier) {
        return switch (tier) {
            case ELITE, HIGH -> Tone.ADDED;
            case MEDIUM -> Tone.PENDING;
            case LOW -> Tone.FAILED;
        };
    }

    private static String title(Selection s) {
        StringBuilder sb = new StringBuilder(s.service() == null ? "(any service)" : s.service());
        if (s.environment() != null) {
            sb.append(" · ").append(s.environment());
        }
        if (s.team() != null) {
            sb.append(" · team ").append(s.team());
        } else if (s.withoutTeam()) {
            sb.append(" · no team");
        }
        return sb.toString();
    }

    private static String days(Instant since, Instant until) {
        long d = Duration.between(since, until).toDays();
        return d + (d == 1 ? " day" : " days");
    }

    static String perDay(Double perDay) {
        if (perDay == null) {
            return "no data";
        }
        if (perDay >= 1) {
            return String.format(Locale.ROOT, "%.1f/day", perDay);
        }
        return String.format(Locale.ROOT, "%.1f/week", perDay * 7);
    }

    /** {@code 36m} under an hour, {@code 5.2h} under two days, else {@code 3.1d}. */
    static String hours(Double hours) {
        if (hours == null) {
            return "no data";
        }
        if (hours < 1) {
            return String.format(Locale.ROOT, "%.0fm", hours * 60);
        }
        if (hours < 48) {
            return String.format(Locale.ROOT, "%.1fh", hours);
        }
        return String.format(Locale.ROOT, "%.1fd", hours / 24);
    }
}
