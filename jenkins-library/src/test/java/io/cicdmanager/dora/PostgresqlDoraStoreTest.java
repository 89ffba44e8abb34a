package io.cicdmanager.dora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.DependencyUnreachableException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server. */
class PostgresqlDoraStoreTest extends DoraStoreContract {
    private DoraDatabase database;

    @Override
    DoraStore openStore(long streamLimit) {
        database = EmbeddedPostgresServer.newDoraDatabase();
        return JdbcDoraStore.open(database, streamLimit);
    }

    @Override
    DoraStore openSameStoreWithStreamLimit(long streamLimit) {
        return JdbcDoraStore.open(database, streamLimit);
    }

    /**
     * Two pipelines, two connections: one records a deployment while the other records its restore, or an incident
     * it caused. Whichever commits first, the deployment must end up failed and restored; without a lock on the
     * deployment, each transaction can miss the other's uncommitted row under READ COMMITTED.
     */
    @Test
    void aRestoreOrIncidentRecordedConcurrentlyWithItsDeploymentIsNeverMissed() throws Exception {
        int rounds = 60;
        try (DoraStore deployments = JdbcDoraStore.open(database); DoraStore restores = JdbcDoraStore.open(database)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                for (int i = 0; i < rounds; i++) {
                    String id = "d" + i;
                    String other = String.valueOf(i);
                    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                    boolean viaIncident = i % 2 == 1;
                    var deployed = pool.submit(() -> {
                        start.await();
                        return deployments.record(ok(id, 10, 9)).outcome();
                    });
                    var restored = pool.submit(() -> {
                        start.await();
                        return viaIncident
                                ? restores.record(new Incident("i" + other, "checkout", "prod", at(10.5), at(12), id))
                                        .outcome()
                                : restores.record(new Restore("r" + other, id, at(12), RestoreKind.ROLLBACK, null))
                                        .outcome();
                    });
                    assertThat(deployed.get(30, java.util.concurrent.TimeUnit.SECONDS))
                            .isEqualTo(RecordOutcome.RECORDED);
                    assertThat(restored.get(30, java.util.concurrent.TimeUnit.SECONDS))
                            .isEqualTo(RecordOutcome.RECORDED);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        DoraReport report = checkout();
        assertThat(report.deployments()).isEqualTo(rounds);
        assertThat(report.changeFailureRate().failed()).isEqualTo(rounds);
        assertThat(report.recoveryTime().restored()).isEqualTo(rounds);
        assertThat(report.recoveryTime().unrestored()).isZero();
        assertThat(report.recoveryTime().medianHours()).isEqualTo(2.0);
    }

    @Test
    void aWrongPasswordIsUnreachableNamingTheHostNeverThePassword() {
        String url = EmbeddedPostgresServer.newDatabase();
        String wrong = "wrong-" + EmbeddedPostgresServer.PASSWORD;
        assertThatThrownBy(() -> JdbcDoraStore.open(DoraDatabase.postgresql(url, EmbeddedPostgresServer.USER, wrong)))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("127.0.0.1:" + EmbeddedPostgresServer.port())
                .hasMessageNotContaining(wrong)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void aServerThatIsNotThereIsUnreachableNamingTheHost() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DoraDatabase nowhere = DoraDatabase.postgresql("jdbc:postgresql://127.0.0.1:" + port + "/dora?connectTimeout=2",
                "dora", "pw-never-shown");
        assertThatThrownBy(() -> JdbcDoraStore.open(nowhere))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("127.0.0.1:" + port + "/dora")
                .hasMessageNotContaining("pw-never-shown")
                .hasMessageNotContaining("connectTimeout");
        assertThat(nowhere.toString()).doesNotContain("pw-never-shown").contains("as dora");
    }
}
