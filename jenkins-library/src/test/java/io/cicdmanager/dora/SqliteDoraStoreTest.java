package io.cicdmanager.dora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.DependencyUnreachableException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDoraStoreTest extends DoraStoreContract {
    @TempDir
    Path dir;

    @Override
    DoraStore openStore(long streamLimit) {
        return JdbcDoraStore.open(DoraDatabase.sqlite(dir.resolve("nested/dir/dora.db")), streamLimit);
    }

    @Override
    DoraStore openSameStoreWithStreamLimit(long streamLimit) {
        return openStore(streamLimit);
    }

    @Test
    void theFileAndItsDirectoriesAreCreatedAndTheSchemaSurvivesAReopen() {
        store.record(ok("d1", 10, 9));
        store.close();
        assertThat(dir.resolve("nested/dir/dora.db")).isRegularFile();
        store = openStore(JdbcDoraStore.DEFAULT_STREAM_LIMIT);
        assertThat(store.deployment("d1")).isPresent();
        assertThat(store.location()).endsWith("dora.db");
    }

    @Test
    void aFileThatIsNotADatabaseIsUnreachableNamingThePath() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.db"), "this is not a SQLite database, it is text ".repeat(40));
        assertThatThrownBy(() -> JdbcDoraStore.open(DoraDatabase.sqlite(junk)))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining(junk.toString());
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsUnreachableNamingThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> JdbcDoraStore.open(DoraDatabase.sqlite(file.resolve("dora.db"))))
                .isInstanceOf(DependencyUnreachableException.class)
                .hasMessageContaining("plain-file");
    }
}
