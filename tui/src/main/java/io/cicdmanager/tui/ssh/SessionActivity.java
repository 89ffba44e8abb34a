package io.cicdmanager.tui.ssh;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

/**
 * When a session started and when anything last moved on it, either way: the person typing, or the screen
 * changing. As with gliderlabs/ssh (behind soft-serve and wish), a session is idle only when neither happened, so
 * an SRE watching a live canary without touching the keyboard is never logged out while the screen still moves;
 * a console showing nothing that changes, with nobody typing, is.
 */
final class SessionActivity {
    static final AttributeKey<SessionActivity> KEY = new AttributeKey<>();

    private final Clock clock;
    private final Instant started;
    private volatile Instant lastActivity;

    SessionActivity(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
        this.lastActivity = started;
    }

    Instant started() {
        return started;
    }

    Instant lastActivity() {
        return lastActivity;
    }

    void touched() {
        lastActivity = clock.instant();
    }

    /** {@code in}, noting the time whenever something arrives. */
    InputStream track(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                touched();
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                touched();
                return n;
            }
        };
    }

    /** {@code out}, noting the time whenever something is sent. */
    OutputStream track(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                touched();
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
                touched();
            }
        };
    }
}
