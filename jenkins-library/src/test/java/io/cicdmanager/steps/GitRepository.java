package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.RequiredBinary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real git repository in a test's workspace, with commits made at the times a test names. */
final class GitRepository {
    private final Path dir;

    GitRepository(Path dir) {
        this.dir = dir;
    }

    /** Runs git in the repository; a command that fails fails the test. */
    String git(String... args) throws IOException, InterruptedException {
        return gitAt(null, args);
    }

    /** Runs git with its author and committer dates set to {@code date} (ISO-8601), or left alone when null. */
    String gitAt(String date, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(RequiredBinary.find("git").toString(), "-c",
                "user.name=Dev", "-c", "user.email=dev@example.com"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        if (date != null) {
            pb.environment().put("GIT_AUTHOR_DATE", date);
            pb.environment().put("GIT_COMMITTER_DATE", date);
        }
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as(String.join(" ", args) + ": " + out).isZero();
        return out;
    }

    /** Feeds a git fast-import stream to the repository: many commits at once. */
    void fastImport(String stream) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(RequiredBinary.find("git").toString(), "fast-import", "--quiet")
                .directory(dir.toFile()).redirectErrorStream(true);
        Process process = pb.start();
        try (var in = process.getOutputStream()) {
            in.write(stream.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as("git fast-import: " + out).isZero();
    }

    /** An empty commit made at {@code date}; its SHA. */
    String commit(String message, String date) throws IOException, InterruptedException {
        gitAt(date, "commit", "-q", "--allow-empty", "-m", message);
        return git("rev-parse", "HEAD");
    }
}
