package io.cicdmanager.steps;

import java.util.List;
import java.util.Map;

/** An {@code input} step as a person sees it on the build page: the question, the button, the parameters. */
public record InputRequest(String id, String message, String ok, List<Map<String, Object>> parameters,
        String submitterParameter) {

    /** How a test answers an input: proceed as a person with parameter values, abort as a person, or never. */
    @FunctionalInterface
    public interface Answers {
        Answer answer(InputRequest request) throws InterruptedException;
    }

    /** One answer; {@link #never()} leaves the question open until the step is stopped. */
    public record Answer(boolean proceed, String user, Map<String, Object> values) {
        public static Answer proceed(String user, Map<String, Object> values) {
            return new Answer(true, user, values);
        }

        public static Answer abort(String user) {
            return new Answer(false, user, Map.of());
        }

        public static Answer never() {
            return null;
        }
    }
}
