package io.cicdmanager.config;

import io.cicdmanager.UsageException;

/**
 * An invalid policy, spec or users file: names the file, the line and column, and the field path, so that
 * {@code gates.yaml:12:7: gates[3].op: '=>' is not one of >=, <=, ==, <, >} is the whole message.
 */
public class ConfigException extends UsageException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String path;

    public ConfigException(String source, int line, int column, String path, String problem) {
        super(format(source, line, column, path, problem));
        this.source = source;
        this.line = line;
        this.path = path;
    }

    private static String format(String source, int line, int column, String path, String problem) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(problem).toString();
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public String path() {
        return path;
    }
}
