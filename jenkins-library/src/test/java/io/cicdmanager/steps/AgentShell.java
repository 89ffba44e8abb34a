package io.cicdmanager.steps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code sh} step as durable-task runs it on a Unix agent: the script in a file beside the workspace, run by
 * {@code /bin/sh -xe} (or by its own interpreter when it starts with {@code #!}), standard output and error in the
 * build log as they come (standard output returned instead with {@code returnStdout}), and every process of the
 * step marked with a cookie in its environment. Stopping the step sends SIGTERM to all of them, and SIGKILL to
 * those still running after Jenkins' soft-kill wait of 5 s.
 */
final class AgentShell {
    /** Jenkins' {@code SoftKillWaitSeconds} default. */
    static final Duration SOFT_KILL_WAIT = Duration.ofSeconds(5);
    private static final String COOKIE = "JENKINS_SERVER_COOKIE";

    record Result(int code, String stdout) {
    }

    private final Path tmp;

    /** @param tmp where script files go: Jenkins uses {@code WORKSPACE@tmp} */
    AgentShell(Path tmp) {
        this.tmp = tmp;
    }

    Result run(String script, Path workingDir, Map<String, String> env, boolean returnStdout, Consumer<String> log)
            throws IOException, InterruptedException {
        String cookie = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(tmp.resolve("durable-" + cookie.substring(0, 8)));
        Path file = dir.resolve("script.sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        List<String> command = script.startsWith("#!") ? List.of(file.toString())
                : List.of("/bin/sh", "-xe", file.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put(COOKIE, cookie);
        // As durable-task does, the output goes to files that the agent tails, not to a pipe: what a process of the
        // step writes after the script's own shell has gone (an engine rolling back after SIGTERM) still reaches
        // the log. A JVM pipe would be drained and closed when the shell exits, losing those last words.
        Path logFile = dir.resolve("jenkins-log.txt");
        Path outputFile = dir.resolve("output.txt");
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(returnStdout ? outputFile.toFile() : logFile.toFile()));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        LogTail tail = new LogTail(logFile, log);
        try {
            int code = process.waitFor();
            tail.finish();
            String stdout = returnStdout ? Files.readString(outputFile, StandardCharsets.UTF_8) : "";
            return new Result(code, stdout);
        } catch (InterruptedException e) {
            stop(cookie, process);
            tail.finish();
            throw e;
        } finally {
            tail.finish();
            deleteQuietly(dir);
        }
    }

    /** SIGTERM to every process of the step, then SIGKILL to those left after the soft-kill wait. */
    private static void stop(String cookie, Process root) {
        List<ProcessHandle> processes = ProcessHandle.allProcesses().filter(p -> hasCookie(p, cookie)).toList();
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + SOFT_KILL_WAIT.toNanos();
        for (ProcessHandle p : processes) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        root.destroyForcibly();
    }

    private static boolean hasCookie(ProcessHandle process, String cookie) {
        try {
            byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ"));
            return new String(environ, StandardCharsets.UTF_8).contains(COOKIE + "=" + cookie + "\0");
        } catch (IOException | SecurityException e) {
            return false; // gone, or not ours
        }
    }

    /**
     * Copies the step's log file into the build log line by line as it grows, as the agent's tailer does: woken by
     * the file system's change events on the file's directory, not by a timer. {@link #finish} copies what is left
     * once the step's processes are gone.
     */
    private static final class LogTail {
        private final Path file;
        private final Consumer<String> log;
        private final WatchService changes;
        private final Thread thread;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private long position;
        private boolean finished;

        LogTail(Path file, Consumer<String> log) throws IOException {
            this.file = file;
            this.log = log;
            this.changes = file.getFileSystem().newWatchService();
            file.getParent().register(changes, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            this.thread = new Thread(this::follow, "sh-log");
            thread.setDaemon(true);
            thread.start();
        }

        private void follow() {
            try {
                while (true) {
                    copy(false);
                    WatchKey key = changes.take();
                    key.pollEvents();
                    key.reset();
                }
            } catch (ClosedWatchServiceException e) {
                // finished
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Copies the complete lines written since the last call (all of it, with {@code all}). */
        private synchronized void copy(boolean all) {
            if (finished) {
                return;
            }
            try (var channel = Files.newByteChannel(file)) {
                if (channel.size() > position) {
                    channel.position(position);
                    InputStream in = java.nio.channels.Channels.newInputStream(channel);
                    byte[] bytes = in.readAllBytes();
                    position += bytes.length;
                    pending.write(bytes);
                }
            } catch (IOException e) {
                return; // not written yet, or removed
            }
            byte[] buffered = pending.toByteArray();
            int end = all ? buffered.length : lastNewline(buffered) + 1;
            if (end > 0) {
                log.accept(new String(buffered, 0, end, StandardCharsets.UTF_8));
                pending.reset();
                pending.write(buffered, end, buffered.length - end);
            }
        }

        private static int lastNewline(byte[] bytes) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** Copies the rest of the file, then stops following it; later calls do nothing. */
        void finish() throws InterruptedException {
            try {
                changes.close();
            } catch (IOException e) {
                // closing a watch service that is already closed
            }
            thread.join();
            copy(true);
            synchronized (this) {
                finished = true;
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // left for the test's temporary directory to clean
        }
    }
}
