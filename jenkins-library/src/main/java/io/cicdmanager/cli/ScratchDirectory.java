package io.cicdmanager.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A command's own directory for temporary files (a benchmark's store, the demo's), removed with all it holds. */
public final class ScratchDirectory implements AutoCloseable {
    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    /** A new directory in the system's temporary directory, named from {@code prefix}. */
    public static ScratchDirectory create(String prefix) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(prefix));
    }

    public Path path() {
        return path;
    }

    /** Removes the directory and everything in it. */
    @Override
    public void close() {
        delete(path);
    }

    /** Removes {@code dir} and everything in it; a failure is an {@link UncheckedIOException}. */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
