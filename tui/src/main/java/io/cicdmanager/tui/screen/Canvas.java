package io.cicdmanager.tui.screen;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.cicdmanager.tui.model.Tone;
import java.util.EnumSet;

/**
 * Paints lines onto a screen's back buffer, clipped to its width. Every row is painted in full each frame; the
 * screen's delta refresh then sends only the cells that changed, so a frame costs what changed, not the screen.
 */
public final class Canvas {
    private final TextGraphics graphics;
    private final TerminalSize size;
    private final Palette palette;

    public Canvas(TextGraphics graphics, TerminalSize size, Palette palette) {
        this.graphics = graphics;
        this.size = size;
        this.palette = palette;
    }

    public int width() {
        return size.getColumns();
    }

    public int height() {
        return size.getRows();
    }

    /** Paints {@code line} on {@code row}, padding the rest of the row; {@code selected} reverses the row. */
    public void row(int row, Line line, boolean selected) {
        if (row < 0 || row >= height()) {
            return;
        }
        int column = 0;
        for (Line.Segment segment : line.segments()) {
            if (column >= width()) {
                break;
            }
            String text = segment.text();
            if (column + text.length() > width()) {
                text = text.substring(0, width() - column);
            }
            paint(column, row, text, segment.tone(), selected);
            column += text.length();
        }
        if (column < width()) {
            paint(column, row, " ".repeat(width() - column), Tone.NORMAL, selected);
        }
    }

    public void row(int row, Line line) {
        row(row, line, false);
    }

    private void paint(int column, int row, String text, Tone tone, boolean selected) {
        Palette.Style style = palette.style(tone);
        graphics.setForegroundColor(style.foreground());
        graphics.setBackgroundColor(style.background());
        EnumSet<SGR> modifiers = EnumSet.noneOf(SGR.class);
        modifiers.addAll(style.modifiers());
        if (selected) {
            modifiers.add(SGR.REVERSE);
        }
        graphics.setModifiers(modifiers);
        graphics.putString(column, row, text);
        graphics.clearModifiers();
    }
}
