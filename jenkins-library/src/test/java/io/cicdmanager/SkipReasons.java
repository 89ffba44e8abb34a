package io.cicdmanager;

import java.io.PrintStream;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Says on the console why a test did not run: Surefire counts skipped tests but keeps their reasons in its XML
 * reports, so "Skipped: 3" alone would not tell that {@code prometheus} is missing and how to install it. Registered
 * for every test run of both modules through {@code META-INF/services}.
 */
public final class SkipReasons implements TestExecutionListener {
    private final PrintStream out;

    public SkipReasons() {
        this(System.out);
    }

    SkipReasons(PrintStream out) {
        this.out = out;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        say(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            say(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private void say(TestIdentifier test, String reason) {
        out.println("[SKIPPED] " + name(test) + ": " + Optional.ofNullable(reason).orElse("no reason given"));
        out.flush();
    }

    private static String name(TestIdentifier test) {
        String id = test.getUniqueId();
        String type = id.replaceAll(".*\\[class:([^\\]]+)\\].*", "$1");
        return type.equals(id) ? test.getDisplayName() : type.substring(type.lastIndexOf('.') + 1)
                + (test.isTest() ? "." + test.getDisplayName() : "");
    }
}
