package io.cicdmanager.gate;

import io.cicdmanager.config.InputFiles;
import io.cicdmanager.json.ObjectMappers;
import java.math.BigDecimal;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The previous build's metrics, read from its JSON result ({@code --baseline PREVIOUS.json}), for delta gates. A
 * baseline that cannot be read keeps the error: the delta gates fail with it rather than pass unchecked. A file far
 * larger than any gate result is the wrong file: a usage error (exit 2).
 */
public record Baseline(String source, Map<String, BigDecimal> metrics, String error) {

    public static Baseline read(Path file, String name) {
        try {
            JsonNode root = ObjectMappers.json().readTree(InputFiles.read(file, name, InputFiles.CONFIG_LIMIT));
            JsonNode metrics = root == null ? null : root.path("metrics");
            if (metrics == null || !metrics.isObject()) {
                return failed(name, name + ": not a cicd gate result (no \"metrics\" object)");
            }
            Map<String, BigDecimal> values = new HashMap<>();
            for (Map.Entry<String, JsonNode> e : metrics.properties()) {
                if (e.getValue().isNumber()) {
                    values.put(e.getKey(), e.getValue().decimalValue());
                }
            }
            return new Baseline(name, values, null);
        } catch (NoSuchFileException e) {
            return failed(name, name + ": baseline file not found");
        } catch (JacksonException e) {
            var at = e.getLocation();
            return failed(name, name + (at == null ? "" : ":" + at.getLineNr()) + ": not valid JSON: "
                    + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            return failed(name, name + ": cannot read: " + e.getMessage());
        }
    }

    private static Baseline failed(String name, String error) {
        return new Baseline(name, Map.of(), error);
    }

    public boolean ok() {
        return error == null;
    }
}
