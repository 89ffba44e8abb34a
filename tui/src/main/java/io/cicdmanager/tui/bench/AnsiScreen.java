package io.cicdmanager.tui.bench;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a terminal shows after the bytes a full-screen program sent it: a grid of characters kept up to date from
 * the ANSI sequences the console writes (cursor positioning, erasing; colours ignored). The benchmarks' SSH
 * clients read it to see a change land on their screen the way a person would, rather than searching the byte
 * stream, where a delta refresh sends only the cells that changed.
 */
final class AnsiScreen {
    private final int columns;
    private final int rows;
    private final char[][] cells;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private final StringBuilder sequence = new StringBuilder();
    private int row;
    private int column;
    private State state = State.TEXT;

    private enum State {
        TEXT, ESCAPE, CSI
    }

    AnsiScreen(int columns, int rows) {
        this.columns = columns;
        this.rows = rows;
        this.cells = new char[rows][columns];
        clear();
    }

    /** Feeds bytes as they arrive; a character split across two reads is completed by the second. */
    void feed(byte[] bytes, int offset, int length) {
        int done = 0;
        while (done < length) {
            int n = Math.min(pending.remaining(), length - done);
            pending.put(bytes, offset + done, n);
            done += n;
            pending.flip();
            CharBuffer chars = CharBuffer.allocate(pending.remaining());
            decoder.decode(pending, chars, false);
            chars.flip();
            while (chars.hasRemaining()) {
                accept(chars.get());
            }
            pending.compact();
        }
    }

    /** The text of one row, trailing blanks removed. */
    String row(int index) {
        return new String(cells[index]).stripTrailing();
    }

    /** The whole screen, one row per line. */
    String text() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            sb.append(row(r)).append('\n');
        }
        return sb.toString();
    }

    private void accept(char c) {
        switch (state) {
            case TEXT -> text(c);
            case ESCAPE -> {
                if (c == '[') {
                    state = State.CSI;
                    sequence.setLength(0);
                } else {
                    // A two-character escape (keypad modes, save cursor): nothing that moves text.
                    state = State.TEXT;
                }
            }
            case CSI -> {
                if (c >= 0x40 && c <= 0x7e) {
                    csi(c, sequence.toString());
                    state = State.TEXT;
                } else {
                    sequence.append(c);
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void text(char c) {
        switch (c) {
            case 0x1b -> state = State.ESCAPE;
            case '\r' -> column = 0;
            case '\n' -> row = Math.min(rows - 1, row + 1);
            case '\b' -> column = Math.max(0, column - 1);
            default -> {
                if (c >= ' ') {
                    if (row < rows && column < columns) {
                        cells[row][column] = c;
                    }
                    column++;
                }
            }
        }
    }

    private void csi(char command, String parameters) {
        if (parameters.startsWith("?")) {
            return;
        }
        String[] p = parameters.isEmpty() ? new String[0] : parameters.split(";", -1);
        switch (command) {
            case 'H', 'f' -> {
                row = clamp(number(p, 0, 1) - 1, rows);
                column = clamp(number(p, 1, 1) - 1, columns);
            }
            case 'A' -> row = clamp(row - number(p, 0, 1), rows);
            case 'B' -> row = clamp(row + number(p, 0, 1), rows);
            case 'C' -> column = clamp(column + number(p, 0, 1), columns);
            case 'D' -> column = clamp(column - number(p, 0, 1), columns);
            case 'G' -> column = clamp(number(p, 0, 1) - 1, columns);
            case 'J' -> {
                if (number(p, 0, 0) == 2) {
                    clear();
                }
            }
            case 'K' -> Arrays.fill(cells[row], Math.min(column, columns), columns, ' ');
            default -> {
                // colours and modes change nothing on the grid
            }
        }
    }

    private void clear() {
        for (char[] line : cells) {
            Arrays.fill(line, ' ');
        }
    }

    private static int number(String[] p, int index, int fallback) {
        if (index >= p.length || p[index].isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(p[index]);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int clamp(int value, int size) {
        return Math.max(0, Math.min(size - 1, value));
    }
}
