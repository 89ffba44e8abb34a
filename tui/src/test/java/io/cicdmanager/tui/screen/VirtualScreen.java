package io.cicdmanager.tui.screen;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A console drawn on Lanterna's headless terminal, read back as text for assertions. */
public final class VirtualScreen {
    private final DefaultVirtualTerminal terminal;
    private final TerminalScreen screen;

    public VirtualScreen(int columns, int rows) {
        try {
            terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
            screen = new TerminalScreen(terminal);
            screen.startScreen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DefaultVirtualTerminal terminal() {
        return terminal;
    }

    public TerminalScreen screen() {
        return screen;
    }

    /** Draws the console as a frame of the real loop does, and returns the screen's text. */
    public String draw(RolloutConsole console) {
        try {
            boolean resized = screen.doResizeIfNecessary() != null;
            screen.clear();
            console.update(screen.getTerminalSize());
            console.draw(new Canvas(screen.newTextGraphics(), screen.getTerminalSize(), console.palette()));
            screen.refresh(resized ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text();
    }

    public void resize(int columns, int rows) {
        terminal.setTerminalSize(new TerminalSize(columns, rows));
    }

    public List<String> lines() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> lines = new ArrayList<>();
        for (int row = 0; row < size.getRows(); row++) {
            StringBuilder sb = new StringBuilder();
            for (int col = 0; col < size.getColumns(); col++) {
                sb.append(terminal.getCharacter(col, row).getCharacterString());
            }
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }

    public String text() {
        return String.join("\n", lines());
    }

    /** The line that contains {@code needle}, or a failure naming what the screen showed. */
    public int rowOf(String needle) {
        List<String> lines = lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i;
            }
        }
        throw new AssertionError("'" + needle + "' is not on the screen:\n" + text());
    }

    public TextCharacter at(int column, int row) {
        return terminal.getCharacter(column, row);
    }

    public boolean reversed(int column, int row) {
        return at(column, row).getModifiers().contains(SGR.REVERSE);
    }
}
