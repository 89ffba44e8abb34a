package io.cicdmanager.tui.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.RequiredBinary;
import io.cicdmanager.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void isCreatedOnceOwnerOnlyAndReadBackTheSame() throws Exception {
        Path file = dir.resolve("keys/host_key");
        KeyPair first = HostKeyFile.loadOrCreate(file, "host_key");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(file)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        KeyPair second = HostKeyFile.loadOrCreate(file, "host_key");
        assertThat(HostKeyFile.fingerprint(second)).isEqualTo(HostKeyFile.fingerprint(first)).startsWith("SHA256:");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.toList()).containsExactly(file);
        }
    }

    @Test
    void theRealSshKeygenReadsTheKeyWeWrote() throws Exception {
        RequiredBinary.require("ssh-keygen");
        Path file = dir.resolve("host_key");
        KeyPair pair = HostKeyFile.loadOrCreate(file, "host_key");
        Processes.Result r = Processes.run(dir, null, List.of("ssh-keygen", "-l", "-E", "sha256", "-f",
                file.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(HostKeyFile.fingerprint(pair), "ECDSA");
    }

    @Test
    void aCorruptKeyIsAnErrorAndIsLeftAlone() throws Exception {
        Path file = dir.resolve("host_key");
        Files.writeString(file, "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n-----END OPENSSH PRIVATE KEY-----\n");
        String before = Files.readString(file);
        assertThatThrownBy(() -> HostKeyFile.loadOrCreate(file, "host_key"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("host key host_key: not a readable private key")
                .hasMessageContaining("It is not replaced automatically");
        assertThat(Files.readString(file)).isEqualTo(before);
        Files.writeString(file, "");
        assertThatThrownBy(() -> HostKeyFile.loadOrCreate(file, "host_key"))
                .hasMessageContaining("not a readable private key");
    }

    @Test
    void aDirectoryOrAnUnreadableFileIsNamed() throws Exception {
        assertThatThrownBy(() -> HostKeyFile.loadOrCreate(dir, "keys/"))
                .hasMessage("host key keys/: is a directory; give the path of a key file");
        Path file = dir.resolve("host_key");
        HostKeyFile.loadOrCreate(file, "host_key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        boolean root = Files.isReadable(file);
        if (!root) {
            assertThatThrownBy(() -> HostKeyFile.loadOrCreate(file, "host_key"))
                    .hasMessageContaining("permission denied");
        }
        Path blocked = dir.resolve("file-not-dir");
        Files.writeString(blocked, "x");
        assertThatThrownBy(() -> HostKeyFile.loadOrCreate(blocked.resolve("host_key"), "file-not-dir/host_key"))
                .hasMessageStartingWith("host key file-not-dir/host_key: cannot create it");
    }
}
