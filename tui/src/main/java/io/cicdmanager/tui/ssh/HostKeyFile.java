package io.cicdmanager.tui.ssh;

import io.cicdmanager.UsageException;
import io.cicdmanager.config.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The server's host key, in one file: created (ECDSA P-256, OpenSSH format, owner-only) the first time, read every
 * time after. A file that exists but cannot be read as a key is an error, never a reason to make a new one: a
 * silently new host key looks exactly like a man in the middle to every client.
 */
public final class HostKeyFile {
    private HostKeyFile() {
    }

    /** The key at {@code file}, created there if the file does not exist. */
    public static KeyPair loadOrCreate(Path file, String displayName) {
        if (Files.exists(file)) {
            return load(file, displayName);
        }
        return create(file, displayName);
    }

    static KeyPair load(Path file, String displayName) {
        if (Files.isDirectory(file)) {
            throw new UsageException("host key " + displayName + ": is a directory; give the path of a key file");
        }
        try (InputStream in = new java.io.ByteArrayInputStream(InputFiles.read(file, "host key " + displayName,
                InputFiles.CONFIG_LIMIT))) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(displayName),
                    in, null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw corrupt(displayName, "no private key in it");
            }
            return it.next();
        } catch (AccessDeniedException e) {
            throw new UsageException("host key " + displayName + ": cannot be read (permission denied); run as its "
                    + "owner or fix its permissions (it should be 0600)");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof UsageException usage) {
                throw usage;
            }
            throw corrupt(displayName, e.getMessage());
        }
    }

    private static UsageException corrupt(String displayName, String why) {
        return new UsageException("host key " + displayName + ": not a readable private key (" + why + "). It is "
                + "not replaced automatically, because clients would see a changed host key: restore it from a "
                + "backup, or delete it to create a new one and tell users the new fingerprint");
    }

    static KeyPair create(Path file, String displayName) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java cannot make an ECDSA P-256 key", e);
        }
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            temp = Files.createTempFile(dir, ".host-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(temp)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "cicd-serve", null, out);
            }
            // Moved into place only when complete; a key another process put there meanwhile wins.
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                return load(file, displayName);
            }
            if (!KeyUtils.compareKeys(pair.getPublic(), load(file, displayName).getPublic())) {
                throw new UsageException("host key " + displayName + ": another process wrote a different key at the "
                        + "same time; start the server again to use it");
            }
            return pair;
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException("host key " + displayName + ": cannot create it (" + e.getMessage() + ")");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a leftover temp file is harmless; the key is in place or the error above says why not
                }
            }
        }
    }

    /** {@code SHA256:…}, as clients show it on first connection. */
    public static String fingerprint(KeyPair pair) {
        return KeyUtils.getFingerPrint(pair.getPublic());
    }
}
