package io.cicdmanager.dora;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server (zonky's embedded binaries) for the whole test run, started on first use. The
 * superuser is trusted on loopback; the role {@code dora} must give its password, so tests can check that
 * credentials travel from the environment and that a wrong one is refused.
 */
public final class EmbeddedPostgresServer {
    public static final String USER = "dora";
    public static final String PASSWORD = "s3cret-dora-pw";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path hba = Files.createTempFile("dora-pg-hba", ".conf");
                Files.writeString(hba, """
                        local all all trust
                        host all postgres 127.0.0.1/32 trust
                        host all postgres ::1/128 trust
                        host all all 127.0.0.1/32 scram-sha-256
                        host all all ::1/128 scram-sha-256
                        """);
                hba.toFile().deleteOnExit();
                server = EmbeddedPostgres.builder()
                        .setServerConfig("hba_file", hba.toString())
                        .setServerConfig("password_encryption", "scram-sha-256")
                        .start();
                try (Connection c = server.getPostgresDatabase().getConnection();
                        Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'");
                }
                EmbeddedPostgres started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("the embedded PostgreSQL server did not start", e);
            }
        }
        return server;
    }

    public static int port() {
        return server().getPort();
    }

    /** A new, empty database owned by {@link #USER}; its JDBC URL. */
    public static String newDatabase() {
        String name = "dora_test_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + name;
    }

    public static DoraDatabase newDoraDatabase() {
        return DoraDatabase.postgresql(newDatabase(), USER, PASSWORD);
    }
}
