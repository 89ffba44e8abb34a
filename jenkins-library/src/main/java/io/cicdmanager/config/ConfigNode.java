package io.cicdmanager.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One value of a YAML document with the place it came from. Accessors validate as they read and throw
 * {@link ConfigException} naming the file, line and field path, so a spec parser reads like the spec itself.
 */
public final class ConfigNode {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private final String source;
    private final String path;
    private final int line;
    private final int column;
    private final Map<String, ConfigNode> fields;
    private final List<ConfigNode> items;
    private final String scalar;

    ConfigNode(String source, String path, int line, int column, Map<String, ConfigNode> fields,
            List<ConfigNode> items, String scalar) {
        this.source = source;
        this.path = path;
        this.line = line;
        this.column = column;
        this.fields = fields == null ? null : Collections.unmodifiableMap(fields);
        this.items = items == null ? null : Collections.unmodifiableList(items);
        this.scalar = scalar;
    }

    public String source() {
        return source;
    }

    /** The field path from the root, such as {@code strategy.canary.steps[2].pause}. */
    public String path() {
        return path;
    }

    public int line() {
        return line;
    }

    public boolean isMap() {
        return fields != null;
    }

    public boolean isList() {
        return items != null;
    }

    public boolean isNull() {
        return fields == null && items == null && scalar == null;
    }

    /** An error at this node. */
    public ConfigException error(String problem) {
        return new ConfigException(source, line, column, path, problem);
    }

    // ---- maps

    public Map<String, ConfigNode> fields() {
        requireMap();
        return fields;
    }

    public boolean has(String key) {
        requireMap();
        ConfigNode child = fields.get(key);
        return child != null && !child.isNull();
    }

    /** The child, or an error naming the missing field. */
    public ConfigNode get(String key) {
        requireMap();
        ConfigNode child = fields.get(key);
        if (child == null || child.isNull()) {
            throw new ConfigException(source, line, column, join(key), "is required");
        }
        return child;
    }

    public Optional<ConfigNode> find(String key) {
        requireMap();
        ConfigNode child = fields.get(key);
        return child == null || child.isNull() ? Optional.empty() : Optional.of(child);
    }

    /** Rejects any key not in {@code known}, listing the known ones: a typo must not be silently ignored. */
    public ConfigNode allowOnly(String... known) {
        requireMap();
        Set<String> allowed = Set.of(known);
        for (Map.Entry<String, ConfigNode> e : fields.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().error("unknown field; known fields here: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return this;
    }

    public String string(String key) {
        return get(key).asString();
    }

    public Optional<String> optString(String key) {
        return find(key).map(ConfigNode::asString);
    }

    public String string(String key, String defaultValue) {
        return optString(key).orElse(defaultValue);
    }

    public BigDecimal decimal(String key) {
        return get(key).asDecimal();
    }

    public Optional<BigDecimal> optDecimal(String key) {
        return find(key).map(ConfigNode::asDecimal);
    }

    public double number(String key, double defaultValue) {
        return find(key).map(n -> n.asDecimal().doubleValue()).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue) {
        return find(key).map(ConfigNode::asInt).orElse(defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        return find(key).map(ConfigNode::asBoolean).orElse(defaultValue);
    }

    public Duration duration(String key, Duration defaultValue) {
        return find(key).map(ConfigNode::asDuration).orElse(defaultValue);
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        return find(key).map(n -> n.asEnum(type)).orElse(defaultValue);
    }

    public List<ConfigNode> list(String key) {
        return find(key).map(ConfigNode::asList).orElse(List.of());
    }

    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (ConfigNode n : list(key)) {
            out.add(n.asString());
        }
        return out;
    }

    // ---- scalars and lists

    public List<ConfigNode> asList() {
        if (items == null) {
            throw error("must be a list");
        }
        return items;
    }

    public String asString() {
        if (scalar == null) {
            throw error(isNull() ? "is required" : "must be a single value, not a " + (isMap() ? "map" : "list"));
        }
        return scalar;
    }

    public BigDecimal asDecimal() {
        String s = asString().trim();
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not a number");
        }
    }

    public int asInt() {
        BigDecimal d = asDecimal();
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            throw error("'" + asString() + "' is not a whole number");
        }
    }

    public boolean asBoolean() {
        String s = asString().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("'" + asString() + "' is not true or false");
        };
    }

    /**
     * A duration such as {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 250ms}, {@code 2d}; a bare number is
     * seconds.
     */
    public Duration asDuration() {
        String s = asString().trim();
        return parseDuration(s).orElseThrow(() -> error("'" + s + "' is not a duration (examples: 30s, 15m, 1h30m, 250ms)"));
    }

    /** Parses the duration syntax of specs and flags; empty when the text is not one. */
    public static Optional<Duration> parseDuration(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.matches("\\d+(\\.\\d+)?")) {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000)));
        }
        Matcher m = DURATION_PART.matcher(s);
        long millis = 0;
        int at = 0;
        while (m.find()) {
            if (m.start() != at) {
                return Optional.empty();
            }
            double v = Double.parseDouble(m.group(1));
            millis += Math.round(v * switch (m.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                default -> 86_400_000L;
            });
            at = m.end();
        }
        return at == s.length() ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
    }

    public <E extends Enum<E>> E asEnum(Class<E> type) {
        String s = asString().trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s.replace('-', '_'))) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw error("'" + s + "' is not one of " + String.join(", ", names));
    }

    private void requireMap() {
        if (fields == null) {
            throw error(isNull() ? "is required" : "must be a map of fields");
        }
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @Override
    public String toString() {
        return source + ":" + line + " " + path;
    }
}
