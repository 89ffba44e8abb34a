package io.cicdmanager.steps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        builder.redirectErrorStream(!returnStdout);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Thread outPump = returnStdout ? pump(process.getInputStream(), stdout) : pump(process.getInputStream(), log);
        Thread errPump = returnStdout ? pump(process.getErrorStream(), log) : null;
        try {
            int code = process.waitFor();
            outPump.join();
            if (errPump != null) {
                errPump.join();
            }
            return new Result(code, stdout.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            stop(cookie, process);
            outPump.join(SOFT_KILL_WAIT.toMillis());
            throw e;
        } finally {
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

    private static Thread pump(InputStream in, Consumer<String> log) {
        Thread t = new Thread(() -> {
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                char[] buffer = new char[8192];
                int n;
                while ((n = reader.read(buffer)) > 0) {
                    log.accept(new String(buffer, 0, n));
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "sh-log");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream into) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(into);
            } catch (IOException e) {
                // the process is gone
            }
        }, "sh-stdout");
        t.setDaemon(true);
        t.start();
        return t;
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
