package io.cicdmanager.tui;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/** Waits until a screen or an output shows every one of some texts, or fails saying what it showed instead. */
public final class AwaitText {
    private AwaitText() {
    }

    /** Returns the text once it contains all of {@code expected}. */
    public static String shows(String what, Supplier<String> text, Duration wait, String... expected) {
        try {
            await().atMost(wait).until(() -> {
                String s = text.get();
                for (String t : expected) {
                    if (!s.contains(t)) {
                        return false;
                    }
                }
                return true;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + " never showed " + List.of(expected) + "; it shows:\n" + text.get(), e);
        }
        return text.get();
    }
}
