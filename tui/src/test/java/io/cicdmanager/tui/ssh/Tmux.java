package io.cicdmanager.tui.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A tmux server of a test's own (its own socket name, so parallel runs never meet), with one detached session
 * that runs a command in a terminal of a given size; keys are sent and the screen is read back as text.
 */
final class Tmux implements AutoCloseable {
    private final String socket = "cicd-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path dir;

    Tmux(Path dir) {
        this.dir = dir;
    }

    void start(int columns, int rows, String command) throws IOException, InterruptedException {
        tmux("new-session", "-d", "-s", "main", "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                command);
    }

    /** Keys by tmux name ({@code Enter}, {@code Escape}, {@code j}). */
    void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "main"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Text typed as is. */
    void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "main", "-l", text);
    }

    void resize(int columns, int rows) throws IOException, InterruptedException {
        tmux("resize-window", "-t", "main", "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** The visible screen; empty once the session has ended. */
    String screen() {
        try {
            Processes.Result r = Processes.run(dir, null, List.of("tmux", "-L", socket, "capture-pane", "-p",
                    "-t", "main"));
            return r.exitCode() == 0 ? r.out() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Processes.Result r = Processes.run(dir, null, command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + r.err());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Processes.run(dir, null, List.of("tmux", "-L", socket, "kill-server"));
    }
}
