package io.cicdmanager.tui.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An ed25519 key pair made by the real ssh-keygen, with the fingerprint ssh-keygen itself reports. */
record SshKeys(Path privateKey, String publicLine, String fingerprint) {

    static SshKeys generate(Path dir, String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name);
        Processes.Result made = Processes.run(dir, null, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "",
                "-C", name + "@test", "-f", key.toString()));
        if (made.exitCode() != 0) {
            throw new AssertionError("ssh-keygen failed: " + made.err());
        }
        Processes.Result listed = Processes.run(dir, null, List.of("ssh-keygen", "-l", "-E", "sha256", "-f",
                key + ".pub"));
        String fingerprint = listed.out().trim().split("\\s+")[1];
        return new SshKeys(key, Files.readString(dir.resolve(name + ".pub")).trim(), fingerprint);
    }
}
