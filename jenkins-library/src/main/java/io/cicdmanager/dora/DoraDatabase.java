package io.cicdmanager.dora;

import java.nio.file.Path;

/**
 * How to reach a DORA store: a JDBC URL, the vendor it names, and for PostgreSQL the credentials. The password
 * never appears in {@link #toString()} nor in {@link #location()}, which is what messages use.
 */
public record DoraDatabase(Vendor vendor, String jdbcUrl, String user, String password, String location) {

    /** The databases the store runs on. */
    public enum Vendor { SQLITE, POSTGRESQL }

    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    /** A SQLite file. */
    public static DoraDatabase sqlite(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return new DoraDatabase(Vendor.SQLITE, SQLITE_PREFIX + absolute, null, null, absolute.toString());
    }

    /** A PostgreSQL server; user and password may be null (the server may trust the client). */
    public static DoraDatabase postgresql(String jdbcUrl, String user, String password) {
        if (!isPostgresql(jdbcUrl)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return new DoraDatabase(Vendor.POSTGRESQL, jdbcUrl, user, password, postgresqlLocation(jdbcUrl));
    }

    public static boolean isPostgresql(String value) {
        return value.startsWith(POSTGRESQL_PREFIX);
    }

    public static boolean isSqliteUrl(String value) {
        return value.startsWith(SQLITE_PREFIX);
    }

    /** The file of a {@code jdbc:sqlite:} URL. */
    public static String sqliteFile(String url) {
        return url.substring(SQLITE_PREFIX.length());
    }

    /** host:port/database of a PostgreSQL URL, leaving out any query parameters (they may hold a password). */
    static String postgresqlLocation(String jdbcUrl) {
        String rest = jdbcUrl.substring(POSTGRESQL_PREFIX.length());
        int query = rest.indexOf('?');
        String withoutQuery = query < 0 ? rest : rest.substring(0, query);
        if (!withoutQuery.startsWith("//")) {
            return "localhost:5432/" + withoutQuery;
        }
        String hostAndPath = withoutQuery.substring(2);
        int slash = hostAndPath.indexOf('/');
        String authority = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
        String path = slash < 0 ? "/" : hostAndPath.substring(slash);
        if (authority.isEmpty()) {
            authority = "localhost";
        }
        // Several hosts ("a:1,b:2") are named as written; one host without a port gets the default port.
        boolean hasPort = authority.contains(",") || authority.lastIndexOf(':') > authority.lastIndexOf(']');
        return authority + (hasPort ? "" : ":5432") + path;
    }

    @Override
    public String toString() {
        return vendor.name().toLowerCase(java.util.Locale.ROOT) + " DORA store at " + location
                + (user == null ? "" : " as " + user);
    }
}
