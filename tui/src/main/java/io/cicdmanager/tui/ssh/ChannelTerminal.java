package io.cicdmanager.tui.ssh;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.ANSITerminal;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A Lanterna terminal over an SSH channel. The size comes from the client's PTY request and window-change
 * messages, not from asking the terminal for its cursor position, which would race with the person's keys.
 */
final class ChannelTerminal extends ANSITerminal {
    private volatile TerminalSize size;

    ChannelTerminal(InputStream in, OutputStream out, TerminalSize initial) {
        super(in, out, StandardCharsets.UTF_8);
        this.size = initial;
    }

    @Override
    protected TerminalSize findTerminalSize() {
        return size;
    }

    /** The client's window changed: tells the screen, which reflows on its next frame. */
    void resize(TerminalSize newSize) {
        size = newSize;
        onResized(newSize);
    }
}
