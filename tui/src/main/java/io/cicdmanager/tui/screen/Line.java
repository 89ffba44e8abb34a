package io.cicdmanager.tui.screen;

import io.cicdmanager.tui.model.Tone;
import java.util.ArrayList;
import java.util.List;

/** One row of text made of toned segments; screens build lines and the canvas clips and paints them. */
public final class Line {
    private final List<Segment> segments = new ArrayList<>();

    /** A run of text in one tone. */
    public record Segment(String text, Tone tone) {
    }

    public static Line of(String text) {
        return new Line().add(text, Tone.NORMAL);
    }

    public static Line of(String text, Tone tone) {
        return new Line().add(text, tone);
    }

    public static Line empty() {
        return new Line();
    }

    public Line add(String text) {
        return add(text, Tone.NORMAL);
    }

    public Line add(String text, Tone tone) {
        if (!text.isEmpty()) {
            segments.add(new Segment(text, tone));
        }
        return this;
    }

    /** Appends {@code text} padded with spaces (or cut) to exactly {@code width} characters. */
    public Line cell(String text, int width, Tone tone) {
        return add(fit(text, width), tone);
    }

    public Line append(Line other) {
        segments.addAll(other.segments);
        return this;
    }

    /** Pads with spaces to {@code width}. */
    public Line padTo(int width) {
        int missing = width - length();
        if (missing > 0) {
            add(" ".repeat(missing));
        }
        return this;
    }

    public List<Segment> segments() {
        return List.copyOf(segments);
    }

    public int length() {
        int n = 0;
        for (Segment s : segments) {
            n += s.text().length();
        }
        return n;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            sb.append(s.text());
        }
        return sb.toString();
    }

    /** {@code text} cut with an ellipsis, or padded, to exactly {@code width} characters. */
    public static String fit(String text, int width) {
        if (width <= 0) {
            return "";
        }
        if (text.length() > width) {
            return width == 1 ? "…" : text.substring(0, width - 1) + "…";
        }
        return text + " ".repeat(width - text.length());
    }

    @Override
    public String toString() {
        return text();
    }
}
