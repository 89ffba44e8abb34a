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
