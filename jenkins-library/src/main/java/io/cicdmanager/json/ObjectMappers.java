package io.cicdmanager.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The shared, immutable Jackson mappers: one configuration for every JSON and YAML the engine reads or writes. */
public final class ObjectMappers {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final JsonMapper COMPACT_JSON = JSON.rebuild()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ObjectMappers() {
    }

    /** Indented JSON, for files people read too. */
    public static JsonMapper json() {
        return JSON;
    }

    /** One-line JSON, for JSON Lines logs and annotations. */
    public static JsonMapper compactJson() {
        return COMPACT_JSON;
    }

    public static YAMLMapper yaml() {
        return YAML;
    }
}
