package io.cicdmanager.tui.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.RequiredBinary;
import io.cicdmanager.config.ConfigException;
import io.cicdmanager.tui.model.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshUsersTest {
    @TempDir
    Path dir;

    private SshKeys alice;
    private SshKeys bob;

    @BeforeEach
    void keys() throws Exception {
        RequiredBinary.require("ssh-keygen");
        alice = SshKeys.generate(dir, "alice");
        bob = SshKeys.generate(dir, "bob");
    }

    @Test
    void readsTheDocumentedFormatAndMapsFingerprintsAsSshKeygenPrintsThemToUsers() throws Exception {
        Path file = dir.resolve("users.yaml");
        Files.writeString(file, "users:\n"
                + "  - {name: alice, role: operator, keys: [\"" + alice.publicLine() + "\"]}\n"
                + "  - {name: bob, role: viewer, keys: [\"" + bob.publicLine() + "\"]}\n");
        SshUsers users = SshUsers.read(file, "users.yaml");
        assertThat(users.users()).extracting(SshUser::name).containsExactly("alice", "bob");
        assertThat(users.byFingerprint(alice.fingerprint())).get().extracting(SshUser::role)
                .isEqualTo(Role.OPERATOR);
        assertThat(users.byFingerprint(bob.fingerprint())).get().extracting(SshUser::name).isEqualTo("bob");
        assertThat(users.byFingerprint("SHA256:nobody")).isEmpty();
        assertThat(users.users().get(0).keys().get(0).type()).isEqualTo("ssh-ed25519");
        assertThat(users.users().get(0).keys().get(0).comment()).isEqualTo("alice@test");
        assertThat(users.summary()).isEqualTo("2 users (1 viewer, 1 operator)");
        assertThat(users.source()).isEqualTo("users.yaml");
    }

    private static String errorOf(String yaml) {
        try {
            SshUsers.parse(yaml, "users.yaml");
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted:\n" + yaml);
    }

    @Test
    void everyMistakeIsNamedWithFileLineAndField() {
        String key = alice.publicLine();
        assertThat(errorOf("users:\n  - {name: alice, role: boss, keys: [\"" + key + "\"]}\n"))
                .startsWith("users.yaml:2:").contains("users[0].role: 'boss' is not one of viewer, operator, admin");
        assertThat(errorOf("users:\n  - {name: alice, role: viewer, keys: [\"ssh-ed25519 AAAAnot-base64 x\"]}\n"))
                .contains("users[0].keys[0]: 'ssh-ed25519 AAAAnot-base64 x' is not an OpenSSH public key line");
        assertThat(errorOf("users:\n  - {name: alice, role: viewer, keys: []}\n"))
                .contains("users[0].keys: has no keys; user 'alice' could never log in");
        assertThat(errorOf("users:\n  - {name: alice, role: viewer}\n")).contains("users[0].keys: is required");
        assertThat(errorOf("users:\n  - {name: Alice!, role: viewer, keys: [\"" + key + "\"]}\n"))
                .contains("users[0].name: 'Alice!' is not a user name");
        assertThat(errorOf("users:\n  - {name: alice, role: viewer, keys: [\"" + key + "\"], shell: bash}\n"))
                .contains("unknown field; known fields here: keys, name, role");
        assertThat(errorOf("users:\n  - {name: a, role: viewer, keys: [\"" + key + "\"]}\n"
                + "  - {name: a, role: admin, keys: [\"" + bob.publicLine() + "\"]}\n"))
                .startsWith("users.yaml:3:").contains("user 'a' is listed twice (also at line 2)");
        assertThat(errorOf("users:\n  - {name: a, role: viewer, keys: [\"" + key + "\"]}\n"
                + "  - {name: b, role: admin, keys: [\"" + key + "\"]}\n"))
                .contains("key " + alice.fingerprint() + " also belongs to 'a'");
        assertThat(errorOf("users: []\n")).contains("users: lists nobody");
        assertThat(errorOf("- alice\n")).contains("must be a map with a 'users' list");
        assertThat(errorOf("people: []\n")).contains("unknown field");
        assertThat(errorOf("users:\n  - {name: alice, role: viewer, keys: [\"\"]}\n"))
                .contains("users[0].keys[0]");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> SshUsers.read(dir.resolve("nope.yaml"), "nope.yaml"))
                .hasMessage("nope.yaml: file not found");
    }
}
