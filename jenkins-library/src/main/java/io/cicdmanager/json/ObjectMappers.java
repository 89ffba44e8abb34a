package io.cicdmanager.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The shared, immutable Jackson mappers: one configuration for every JSON and YAML the engine reads or writes. Each
 * is built the first time it is asked for (a holder class apiece): a command that reads only YAML does not build the
 * JSON mappers, which costs a short command's start-up.
 */
public final class ObjectMappers {
    private ObjectMappers() {
    }

    private static final class Json {
        static final JsonMapper INDENTED = JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private static final class CompactJson {
        static final JsonMapper COMPACT = Json.INDENTED.rebuild()
                .disable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    private static final class Yaml {
        static final YAMLMapper YAML = YAMLMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** Indented JSON, for files people read too. */
    public static JsonMapper json() {
        return Json.INDENTED;
    }

    /** One-line JSON, for JSON Lines logs and annotations. */
    public static JsonMapper compactJson() {
        return CompactJson.COMPACT;
    }

    public static YAMLMapper yaml() {
        return Yaml.YAML;
    }
}
