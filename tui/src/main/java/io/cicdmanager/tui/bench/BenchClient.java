package io.cicdmanager.tui.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.session.ClientSession;

/**
 * One person at an SSH terminal, for the benchmarks: a session of Apache MINA's SSH client with a PTY, the console
 * it gets drawn on an {@link AnsiScreen}, keys typed into it, and waits for the screen to show something.
 */
final class BenchClient implements AutoCloseable {
    private final ClientSession session;
    private final ChannelShell shell;
    private final OutputStream keys;
    private final AnsiScreen screen;
    private final Thread reader;
    private final Object changed = new Object();
    private volatile Watcher watcher;

    /** Called on the reader's thread after each read, with the screen as it stands. */
    interface Watcher {
        void screenChanged(AnsiScreen screen);
    }

    BenchClient(SshClient client, int port, String user, KeyPair key, int columns, int rows, String name)
            throws IOException {
        session = client.connect(user, "127.0.0.1", port).verify(30, TimeUnit.SECONDS).getSession();
        session.addPublicKeyIdentity(key);
        session.auth().verify(30, TimeUnit.SECONDS);
        shell = session.createShellChannel();
        shell.setPtyType("xterm");
        shell.setPtyColumns(columns);
        shell.setPtyLines(rows);
        shell.open().verify(30, TimeUnit.SECONDS);
        keys = shell.getInvertedIn();
        screen = new AnsiScreen(columns, rows);
        InputStream out = shell.getInvertedOut();
        reader = new Thread(() -> read(out), name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream out) {
        byte[] buffer = new byte[16_384];
        try {
            int n;
            while ((n = out.read(buffer)) >= 0) {
                synchronized (changed) {
                    screen.feed(buffer, 0, n);
                    Watcher w = watcher;
                    if (w != null) {
                        w.screenChanged(screen);
                    }
                    changed.notifyAll();
                }
            }
        } catch (IOException e) {
            // the session closed; waits time out and say what the screen showed last
        }
    }

    void watch(Watcher w) {
        watcher = w;
    }

    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** Waits until the screen shows what {@code condition} wants, or fails naming what it showed. */
    void await(Predicate<AnsiScreen> condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (!condition.test(screen)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the console never showed " + what + "; it shows:\n"
                            + screen.text());
                }
                TimeUnit.NANOSECONDS.timedWait(changed, left);
            }
        }
    }

    @Override
    public void close() throws IOException {
        shell.close(true);
        session.close(true);
    }
}
