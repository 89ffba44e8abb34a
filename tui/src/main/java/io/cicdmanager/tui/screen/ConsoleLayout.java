package io.cicdmanager.tui.screen;

import com.googlecode.lanterna.TerminalSize;
import io.cicdmanager.tui.model.RolloutSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * Where a console's parts go on the screen, top to bottom: the header, the body (the rollouts list or a page of
 * lines), the key bar and the message or prompt line; and how far the list and the pages are scrolled, which a
 * frame fits to the screen's size before it is painted.
 */
final class ConsoleLayout {
    private static final int FIRST_BODY_ROW = 1;

    /** One frame, decided before it is painted: painting it changes nothing. */
    record Frame(Line header, Body body, Line keys, Line bottom) {
    }

    /** What the body shows. */
    sealed interface Body {
    }

    /** The rollouts table from row {@code top}, with row {@code selected} reversed (-1: none). */
    record Rows(List<RolloutSnapshot> rows, int selected, int top, Instant now, String empty) implements Body {
    }

    /** Lines from line {@code from}. */
    record Page(List<Line> lines, int from) implements Body {
    }

    private int listTop;
    private int listRows = 1;
    private int scroll;
    private int pageRows = 1;
    private int pageLines;

    private static int lastBodyRow(int height) {
        return Math.max(FIRST_BODY_ROW, height - 3);
    }

    /** How far a page key moves: the list's or the page's height as last drawn. */
    int pageStep(boolean list) {
        return Math.max(1, list ? listRows : pageRows);
    }

    /** Scrolls the page (the detail, the DORA screen) by {@code delta} lines, within what it holds. */
    void scrollBy(int delta) {
        int max = Math.max(0, pageLines - pageRows);
        scroll = (int) Math.max(0, Math.min(max, (long) scroll + delta));
    }

    void scrollToTop() {
        scroll = 0;
    }

    void listToTop() {
        listTop = 0;
    }

    /** The list for a screen of {@code size}, scrolled so that the selected row ({@code selected}) shows. */
    Rows list(List<RolloutSnapshot> rows, int selected, Instant now, TerminalSize size, String empty) {
        listRows = Math.max(1, lastBodyRow(size.getRows()) - FIRST_BODY_ROW);
        if (selected < listTop) {
            listTop = Math.max(0, selected);
        } else if (selected >= listTop + listRows) {
            listTop = selected - listRows + 1;
        }
        listTop = Math.max(0, Math.min(listTop, Math.max(0, rows.size() - listRows)));
        return new Rows(rows, selected, listTop, now, empty);
    }

    /** A scrollable page (the detail, the DORA screen) at the current scroll position, kept within its lines. */
    Page page(List<Line> lines, TerminalSize size) {
        pageLines = lines.size();
        pageRows = lastBodyRow(size.getRows()) - FIRST_BODY_ROW + 1;
        scroll = Math.max(0, Math.min(scroll, Math.max(0, pageLines - pageRows)));
        return new Page(lines, scroll);
    }

    /** Paints {@code frame} onto the whole canvas. */
    static void paint(Canvas canvas, Frame frame) {
        int h = canvas.height();
        canvas.row(0, frame.header());
        int last = lastBodyRow(h);
        if (frame.body() instanceof Rows r) {
            RolloutListView.draw(canvas, r.rows(), r.selected(), r.top(), r.now(), FIRST_BODY_ROW, last, r.empty());
        } else if (frame.body() instanceof Page p) {
            for (int row = FIRST_BODY_ROW, i = p.from(); row <= last; row++, i++) {
                canvas.row(row, i < p.lines().size() ? p.lines().get(i) : Line.empty());
            }
        }
        if (h >= 3) {
            canvas.row(h - 2, frame.keys());
        }
        if (h >= 2) {
            canvas.row(h - 1, frame.bottom());
        }
    }
}
