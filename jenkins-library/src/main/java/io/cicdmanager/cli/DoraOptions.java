package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.JdbcDoraStore;
import io.cicdmanager.dora.RecordResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The DORA options of the commands that change what runs (the rollouts, {@code rollback}, {@code guard}): they
 * record what happened when a store is named by {@code --dora-db} or {@code CICD_DORA_DB}, and a store that fails
 * is a warning, never the command's failure.
 */
class DoraOptions {
    @Option(names = "--dora-db", paramLabel = "FILE|URL", order = 100,
            description = {"Record the outcome in this DORA store (a SQLite file, jdbc:sqlite:FILE or "
                + "jdbc:postgresql://HOST:PORT/DB). Default: $" + DoraDatabaseOption.DB_ENV + "; with neither, "
                + "nothing is recorded. PostgreSQL credentials come from $" + DoraDatabaseOption.USER_ENV + " and $"
                + DoraDatabaseOption.PASSWORD_ENV + ". A store that cannot be used is a warning: the exit code "
                + "stays the command's own."})
    String db;

    /** The command these options belong to, which names itself in warnings. */
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    @Option(names = "--no-dora", order = 101, description = "Record nothing, even when $" + DoraDatabaseOption.DB_ENV
            + " is set.")
    boolean off;

    @Option(names = "--dora-service", paramLabel = "SERVICE", order = 102,
            description = "The service in DORA (default: the Deployment's name).")
    String service;

    @Option(names = "--dora-env", paramLabel = "ENVIRONMENT", order = 103,
            description = "The environment in DORA (default: the namespace).")
    String environment;

    /**
     * The store to record into, or empty when recording is off. A value that names no store, or DORA options with
     * no store to use them, are usage errors now, before anything changes; nothing connects yet.
     */
    Optional<DoraDatabase> store(CliContext context) {
        notBlank("--dora-service", service);
        notBlank("--dora-env", environment);
        List<String> given = given();
        if (off) {
            if (db != null || !given.isEmpty()) {
                List<String> all = new ArrayList<>(given);
                if (db != null) {
                    all.add(0, "--dora-db");
                }
                throw new UsageException("--no-dora records nothing: leave out " + String.join(", ", all));
            }
            return Optional.empty();
        }
        if (db != null || context.getenv(DoraDatabaseOption.DB_ENV).filter(v -> !v.isBlank()).isPresent()) {
            return Optional.of(DoraDatabaseOption.resolve(context, db, "--dora-db"));
        }
        if (!given.isEmpty()) {
            throw new UsageException(String.join(", ", given) + " given, but no DORA store to record into: give "
                    + "--dora-db or set $" + DoraDatabaseOption.DB_ENV);
        }
        return Optional.empty();
    }

    static void notBlank(String option, String value) {
        if (value != null && value.isBlank()) {
            throw new UsageException(option + " is empty: give a value or leave the option out");
        }
    }

    /** The DORA options given besides the store, by name: they mean recording was wanted. */
    /** The words of the command after cicd, for its warnings. */
    String commandPath() {
        return command == null ? "dora" : Cicd.commandPath(command);
    }

    List<String> given() {
        List<String> given = new ArrayList<>();
        if (service != null) {
            given.add("--dora-service");
        }
        if (environment != null) {
            given.add("--dora-env");
        }
        return given;
    }

    /**
     * Opens the store, records what {@code record} records and says so on standard output. When the store cannot
     * be used, says on standard error what was not recorded, that the command's result stands, and how to record it
     * by hand ({@code retry}); a conflicting earlier record is a warning too.
     */
    static void recordOrWarn(CliContext context, String command, DoraDatabase database, String what,
            Function<DoraStore, List<RecordResult>> record, String retry) {
        List<RecordResult> results;
        try (DoraStore store = JdbcDoraStore.open(database)) {
            results = record.apply(store);
        } catch (RuntimeException e) {
            context.err().println(Cicd.warning(command, "DORA: " + what + " was not recorded: " + e.getMessage()
                    + ". This does not change the result above. To record it when the store answers: " + retry));
            return;
        }
        for (RecordResult r : results) {
            switch (r.outcome()) {
                case CONFLICT -> context.err().println(Cicd.warning(command, "DORA: not recorded: " + r.detail()
                        + ". This does not change the result above"));
                case UNCHANGED -> context.out().println("DORA: " + r.id() + " was already recorded; nothing changed");
                default -> context.out().println("DORA: recorded " + r.id() + " in " + database.location());
            }
        }
    }
}
