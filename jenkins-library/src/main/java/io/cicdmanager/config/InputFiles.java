package io.cicdmanager.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a configuration input (a policy, a spec, a scenario, a users file, a baseline, a kubeconfig, a list of commit
 * times) whole, up to a size no such file reaches: a file past it is a usage error that says so, not an
 * {@code OutOfMemoryError}. Reports are not read here; they stream, whatever their size.
 */
public final class InputFiles {
    /** The most a configuration file may hold: policies and specs are kilobytes; 16 MB is far past any real one. */
    public static final long CONFIG_LIMIT = 16L << 20;

    private InputFiles() {
    }

    /** The bytes of {@code file}, at most {@code limit} of them; {@code displayName} names it in errors. */
    public static byte[] read(Path file, String displayName, long limit) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > limit) {
            throw tooLarge(displayName, Files.size(file), limit);
        }
        // Not a regular file (a pipe, /dev/stdin): read no more than the limit allows.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw tooLarge(displayName, -1, limit);
            }
            return bytes;
        }
    }

    /** Fails when {@code file} is larger than {@code limit}; for inputs read as a stream but kept whole. */
    public static void checkSize(Path file, String displayName, long limit) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > limit) {
            throw tooLarge(displayName, Files.size(file), limit);
        }
    }

    private static ConfigException tooLarge(String displayName, long size, long limit) {
        return new ConfigException(displayName, 0, 0, "", (size < 0 ? "more than " + bytes(limit)
                : bytes(size) + ", more than the " + bytes(limit)) + " such a file may hold; is it the right file?");
    }

    /** A size as a person reads it: 512 bytes, 3.4 MB, 2.0 GB. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
}
