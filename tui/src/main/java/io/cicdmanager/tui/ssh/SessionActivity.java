package io.cicdmanager.tui.ssh;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

/**
 * When a session started and when its person last typed. Idle means no input: a screen that keeps redrawing is
 * output, and does not keep an unattended session open.
 */
final class SessionActivity {
    static final AttributeKey<SessionActivity> KEY = new AttributeKey<>();

    private final Clock clock;
    private final Instant started;
    private volatile Instant lastInput;

    SessionActivity(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
        this.lastInput = started;
    }

    Instant started() {
        return started;
    }

    Instant lastInput() {
        return lastInput;
    }

    void touched() {
        lastInput = clock.instant();
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
}
