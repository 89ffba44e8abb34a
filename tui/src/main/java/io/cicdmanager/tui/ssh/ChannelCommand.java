package io.cicdmanager.tui.ssh;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import io.cicdmanager.cli.ExitCode;
import io.cicdmanager.tui.TerminalBackend;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.screen.ConsoleLoop;
import io.cicdmanager.tui.screen.Palette;
import io.cicdmanager.tui.screen.RolloutConsole;
import io.cicdmanager.tui.shell.RolloutShell;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one SSH channel runs: with a PTY and no command, the rollouts console; without a PTY and no command, the
 * line-mode shell; with a command, that command (or {@code shell} / {@code tui} by name). Runs on a thread of its
 * own, since MINA's {@code start} must return at once.
 */
final class ChannelCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelCommand.class);
    /** At most ten frames a second per session. */
    static final Duration FRAME = Duration.ofMillis(100);

    private final ConsoleSshServer server;
    private final String commandLine;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Thread worker;
    private volatile ConsoleLoop loop;

    ChannelCommand(ConsoleSshServer server, String commandLine) {
        this.server = server;
        this.commandLine = commandLine;
    }

    @Override
    public void setInputStream(InputStream stream) {
        in = stream;
    }

    @Override
    public void setOutputStream(OutputStream stream) {
        out = stream;
    }

    @Override
    public void setErrorStream(OutputStream stream) {
        err = stream;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        String refused = channel.getSession().getAttribute(ConsoleSshServer.REFUSED);
        if (refused != null) {
            try {
                err.write(("cicd: " + refused + "\r\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
            } catch (IOException e) {
                LOG.debug("telling a refused session why", e);
            }
            exit.onExit(ExitCode.FAILED);
            return;
        }
        SessionIdentity id = channel.getSession().getAttribute(SessionIdentity.KEY);
        SessionActivity activity = channel.getSession().getAttribute(SessionActivity.KEY);
        Access access = new Access(id.actor(), id.role(), false);
        InputStream input = activity == null ? in : activity.track(in);
        if (activity != null) {
            out = activity.track(out);
            err = activity.track(err);
        }
        Map<String, String> vars = env.getEnv();
        boolean pty = vars.containsKey(Environment.ENV_COLUMNS) && vars.containsKey(Environment.ENV_LINES);
        List<String> words = commandLine == null ? List.of() : split(commandLine);
        worker = new Thread(() -> {
            int code = ExitCode.INTERNAL;
            try {
                code = run(words, pty, input, env, access);
            } catch (Exception e) {
                LOG.warn("session of {} ended with an error", id.actor().display(), e);
            } finally {
                exit.onExit(code);
            }
        }, "ssh-" + id.actor().name());
        worker.setDaemon(true);
        worker.start();
    }

    private int run(List<String> words, boolean pty, InputStream input, Environment env, Access access)
            throws IOException {
        boolean named = words.size() == 1;
        if (words.isEmpty() && pty || named && words.get(0).equals("tui") && pty) {
            return console(input, env, access);
        }
        if (words.isEmpty() || named && words.get(0).equals("shell")) {
            return shell(input, env, pty, access);
        }
        OutputStream stdout = pty ? new CrlfOutputStream(out) : out;
        OutputStream stderr = pty ? new CrlfOutputStream(err) : err;
        PrintWriter o = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        int code = server.commands().run(words, access, o, e);
        o.flush();
        e.flush();
        return code;
    }

    private int console(InputStream input, Environment env, Access access) throws IOException {
        ChannelTerminal terminal = new ChannelTerminal(input, out, size(env));
        env.addSignalListener((channel, signal) -> terminal.resize(size(env)), Signal.WINCH);
        TerminalScreen screen = new TerminalScreen(terminal);
        boolean noColor = noColor(env);
        TerminalBackend backend = server.backend();
        ConsoleLoop session = new ConsoleLoop(screen, backend.board(), FRAME,
                ui -> new RolloutConsole(backend.board(), backend.actions(), backend.dora(), access,
                        Palette.forNoColor(noColor), server.context().clock(), ui, server.options().namespace()));
        loop = session;
        session.run();
        return ExitCode.OK;
    }

    private int shell(InputStream input, Environment env, boolean pty, Access access) throws IOException {
        if (!pty) {
            // No PTY: the client's own terminal edits and echoes the line; a dumb terminal reads it as it comes.
            try (Terminal terminal = new DumbTerminal("ssh", Terminal.TYPE_DUMB, input, out,
                    StandardCharsets.UTF_8)) {
                return new RolloutShell(terminal, server.commands(), access, server.backend().board()::names).run();
            }
        }
        Attributes attributes = new Attributes();
        attributes.setLocalFlag(Attributes.LocalFlag.ECHO, true);
        attributes.setLocalFlag(Attributes.LocalFlag.ICANON, true);
        attributes.setInputFlag(Attributes.InputFlag.ICRNL, true);
        attributes.setOutputFlag(Attributes.OutputFlag.OPOST, true);
        attributes.setOutputFlag(Attributes.OutputFlag.ONLCR, true);
        TerminalSize size = size(env);
        // The line discipline in Java (ExternalTerminal), not an operating-system pty: the channel is the terminal.
        try (Terminal terminal = new ExternalTerminal("ssh",
                env.getEnv().getOrDefault(Environment.ENV_TERM, "xterm-256color"), input, out,
                StandardCharsets.UTF_8)) {
            terminal.setAttributes(attributes);
            terminal.setSize(new Size(size.getColumns(), size.getRows()));
            env.addSignalListener((channel, signal) -> {
                TerminalSize s = size(env);
                terminal.setSize(new Size(s.getColumns(), s.getRows()));
                terminal.raise(Terminal.Signal.WINCH);
            }, Signal.WINCH);
            return new RolloutShell(terminal, server.commands(), access, server.backend().board()::names).run();
        }
    }

    private boolean noColor(Environment env) {
        String clientNoColor = env.getEnv().get("NO_COLOR");
        return clientNoColor != null && !clientNoColor.isEmpty()
                || server.context().getenv("NO_COLOR").isPresent();
    }

    static TerminalSize size(Environment env) {
        return new TerminalSize(number(env.getEnv().get(Environment.ENV_COLUMNS), 80),
                number(env.getEnv().get(Environment.ENV_LINES), 24));
    }

    private static int number(String text, int fallback) {
        try {
            int n = Integer.parseInt(text == null ? "" : text.trim());
            return n > 0 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Splits an exec request as a shell would: quotes group words, backslashes escape. */
    static List<String> split(String commandLine) {
        List<String> words = new ArrayList<>();
        for (String w : new DefaultParser().parse(commandLine, commandLine.length()).words()) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    @Override
    public void destroy(ChannelSession channel) {
        ConsoleLoop l = loop;
        if (l != null) {
            l.stop();
        }
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    /** A PTY's output wants CR LF, as a terminal line discipline would have produced. */
    static final class CrlfOutputStream extends FilterOutputStream {
        private int previous;

        CrlfOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (b == '\n' && previous != '\r') {
                out.write('\r');
            }
            out.write(b);
            previous = b;
        }
    }
}
