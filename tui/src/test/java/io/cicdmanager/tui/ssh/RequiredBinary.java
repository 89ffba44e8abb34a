package io.cicdmanager.tui.ssh;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import org.junit.jupiter.api.Assumptions;

/**
 * An integration test's real binaries: when one is missing the test fails under CI (where .ci/run installs it) and
 * is skipped on a developer's machine without it.
 */
final class RequiredBinary {
    private RequiredBinary() {
    }

    static void require(String... names) {
        for (String name : names) {
            if (find(name) == null) {
                String message = name + " is not on the PATH; .ci/run installs it (Debian packages tmux, "
                        + "openssh-client)";
                if (System.getenv("CI") != null && !System.getenv("CI").isEmpty()) {
                    fail(message);
                }
                Assumptions.abort(message);
            }
        }
    }

    private static File find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f;
            }
        }
        return null;
    }
}
