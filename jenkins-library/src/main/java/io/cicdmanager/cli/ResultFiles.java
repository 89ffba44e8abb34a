package io.cicdmanager.cli;

import io.cicdmanager.json.ObjectMappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the JSON results that the Jenkins steps read, and the trigger object they share. */
final class ResultFiles {
    private ResultFiles() {
    }

    static void write(CliContext context, String file, Object result) {
        if (file == null) {
            return;
        }
        try {
            Path out = context.resolve(file);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, ObjectMappers.json().writeValueAsString(result));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** {@code {"check", "value", "threshold", "message"}} with JSON nulls where a number is unknown. */
    static Map<String, Object> trigger(String check, Double value, Double threshold, String message) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("check", check);
        t.put("value", value);
        t.put("threshold", threshold);
        t.put("message", message);
        return t;
    }
}
