package io.cicdmanager.config;

import io.cicdmanager.json.ObjectMappers;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;

/**
 * Reads a YAML (or JSON) document into a {@link ConfigNode} tree that remembers where every value stood, so
 * that validation errors can name the file and line, not just the field.
 */
public final class ConfigReader {
    private ConfigReader() {
    }

    /** Reads a file; {@code displayName} is how errors name it (usually the path as the user gave it). */
    public static ConfigNode read(Path file, String displayName) {
        return read(readText(file, displayName), displayName);
    }

    /**
     * The text of a configuration file: UTF-8, at most {@link InputFiles#CONFIG_LIMIT}; a missing, unreadable, too
     * large or not UTF-8 file is a {@link ConfigException} naming it.
     */
    public static String readText(Path file, String displayName) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(InputFiles.read(file, displayName, InputFiles.CONFIG_LIMIT)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(displayName, 0, 0, "", "file not found");
        } catch (CharacterCodingException e) {
            throw new ConfigException(displayName, 0, 0, "", "not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(displayName, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    public static ConfigNode read(String text, String displayName) {
        try (Reader reader = new StringReader(text);
                JsonParser parser = ObjectMappers.yaml().createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ConfigException(displayName, 1, 0, "", "the document is empty");
            }
            ConfigNode root = readValue(parser, displayName, "");
            if (parser.nextToken() != null) {
                TokenStreamLocation at = parser.currentTokenLocation();
                throw new ConfigException(displayName, at.getLineNr(), at.getColumnNr(), "",
                        "more than one document; put everything in one");
            }
            return root;
        } catch (ConfigException e) {
            throw e;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            throw new ConfigException(displayName, line, column, "", "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(displayName, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    private static ConfigNode readValue(JsonParser parser, String source, String path) {
        TokenStreamLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, ConfigNode> fields = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    TokenStreamLocation nameAt = parser.currentTokenLocation();
                    String childPath = path.isEmpty() ? name : path + "." + name;
                    if (fields.containsKey(name)) {
                        throw new ConfigException(source, nameAt.getLineNr(), nameAt.getColumnNr(), childPath,
                                "appears twice");
                    }
                    parser.nextToken();
                    fields.put(name, readValue(parser, source, childPath));
                }
                return new ConfigNode(source, path, line, column, fields, null, null);
            }
            case START_ARRAY -> {
                List<ConfigNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser, source, path + "[" + items.size() + "]"));
                }
                return new ConfigNode(source, path, line, column, null, items, null);
            }
            case VALUE_NULL -> {
                return new ConfigNode(source, path, line, column, null, null, null);
            }
            default -> {
                return new ConfigNode(source, path, line, column, null, null, parser.getString());
            }
        }
    }
}
