package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.JdbcDoraStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --db} option every {@code dora} command takes, and where the store is when it is not given:
 * {@code CICD_DORA_DB}, else {@code ~/.cicd/dora.db}. PostgreSQL credentials come from the environment only.
 */
public final class DoraDatabaseOption {
    public static final String DB_ENV = "CICD_DORA_DB";
    static final String USER_ENV = "CICD_DORA_DB_USER";
    static final String PASSWORD_ENV = "CICD_DORA_DB_PASSWORD";

    @Option(names = "--db", paramLabel = "FILE|URL",
            description = {"The DORA store: a SQLite file, jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB.",
                "Default: $" + DB_ENV + ", else ~/.cicd/dora.db. PostgreSQL credentials come from $" + USER_ENV
                    + " and $" + PASSWORD_ENV + " (else $PGUSER and $PGPASSWORD), never from the command line."})
    String db;

    /** Where the store is, from the option, the environment or the default. */
    public DoraDatabase resolve(CliContext context) {
        return resolve(context, db, "--db");
    }

    /**
     * Where the store is, for a command whose option has another name ({@code cicd tui --dora-db}): {@code value}
     * when given (null when not), else the environment, else the default; errors name {@code optionName}.
     */
    public static DoraDatabase resolve(CliContext context, String given, String optionName) {
        String value = given != null ? given : context.getenv(DB_ENV).orElse(null);
        if (value == null) {
            String home = context.getenv("HOME").orElse(System.getProperty("user.home"));
            return DoraDatabase.sqlite(context.resolve(home).resolve(Path.of(".cicd", "dora.db")));
        }
        String source = given != null ? optionName : "$" + DB_ENV;
        if (DoraDatabase.isPostgresql(value)) {
            String user = context.getenv(USER_ENV).or(() -> context.getenv("PGUSER")).orElse(null);
            String password = context.getenv(PASSWORD_ENV).or(() -> context.getenv("PGPASSWORD")).orElse(null);
            return DoraDatabase.postgresql(value, user, password);
        }
        if (DoraDatabase.isSqliteUrl(value)) {
            return DoraDatabase.sqlite(context.resolve(DoraDatabase.sqliteFile(value)));
        }
        if (value.startsWith("jdbc:")) {
            // Only the scheme is echoed: the rest of a URL may carry a password.
            String scheme = value.split(":", 3).length > 1 ? "jdbc:" + value.split(":", 3)[1] : value;
            throw new UsageException(source + ": " + scheme + " is not supported; give a SQLite file, "
                    + "jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE");
        }
        return DoraDatabase.sqlite(context.resolve(value));
    }

    /** Opens the store to record into, creating it (and its directory) when it does not exist yet. */
    public JdbcDoraStore open(CliContext context) {
        return JdbcDoraStore.open(resolve(context));
    }

    /** Opens the store to read from: one that does not exist is a usage error naming it, never created. */
    public JdbcDoraStore openExisting(CliContext context) {
        return JdbcDoraStore.openExisting(resolve(context));
    }
}
