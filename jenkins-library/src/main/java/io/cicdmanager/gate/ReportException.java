package io.cicdmanager.gate;

/**
 * A report that cannot be used: missing, empty, corrupt, hostile or of the wrong kind. The message names the file
 * and, where there is one, the line; it becomes the message of every gate that needed the report.
 */
public class ReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }

    /** {@code file:line:column: problem}, leaving out what is unknown (zero or less). */
    public static ReportException at(String file, int line, int column, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return new ReportException(sb.append(": ").append(problem).toString());
    }
}
