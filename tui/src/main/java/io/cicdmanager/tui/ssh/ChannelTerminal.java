package io.cicdmanager.tui.ssh;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.ANSITerminal;
import java.io.FilterInputStream;
import java.io.IOException;
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
        super(new CarriageReturnAsNewline(in), out, StandardCharsets.UTF_8);
        this.size = initial;
    }

    @Override
    protected TerminalSize findTerminalSize() {
        return size;
    }

    /**
     * The client's terminal is raw and sends CR for Enter; a PTY's line discipline (ICRNL) would have made it NL,
     * which is what Lanterna reads as Enter.
     */
    static final class CarriageReturnAsNewline extends FilterInputStream {
        CarriageReturnAsNewline(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            return b == '\r' ? '\n' : b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = offset; i < offset + n; i++) {
                if (buffer[i] == '\r') {
                    buffer[i] = '\n';
                }
            }
            return n;
        }
    }

    /** The client's window changed: tells the screen, which reflows on its next frame. */
    void resize(TerminalSize newSize) {
        size = newSize;
        onResized(newSize);
    }
}
