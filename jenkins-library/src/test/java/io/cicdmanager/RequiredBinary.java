package io.cicdmanager;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a program an integration test runs for real. Missing, the test fails when {@code CI} is set (CI installs
 * it through .ci/run) and is skipped on a developer's machine.
 */
public final class RequiredBinary {
    private RequiredBinary() {
    }

    /** Checks that every one of {@code names} is on the PATH, as {@link #find} does. */
    public static void require(String... names) {
        for (String name : names) {
            find(name);
        }
    }

    public static Path find(String name) {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String message = name + " is not on the PATH; .ci/run installs it from Debian's packages";
        if (System.getenv("CI") != null) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError(message);
    }
}
