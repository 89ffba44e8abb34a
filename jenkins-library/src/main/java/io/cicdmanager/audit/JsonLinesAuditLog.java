package io.cicdmanager.audit;

import io.cicdmanager.UsageException;
import io.cicdmanager.json.ObjectMappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends each entry as one JSON line. Every append takes an exclusive file lock, so several engines and
 * terminals may share one file without interleaving lines.
 */
public final class JsonLinesAuditLog implements AuditLog {
    // File locks are held by the whole JVM, and a second lock from another thread throws instead of waiting:
    // threads of one process queue on this monitor first, processes on the file lock.
    private static final Map<Path, Object> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path file;

    public JsonLinesAuditLog(Path file) {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UsageException("audit log " + file + ": cannot create its directory: " + e.getMessage());
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void append(AuditEntry entry) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", entry.time().toString());
        line.put("actor", entry.actor());
        line.put("source", entry.source());
        line.put("action", entry.action());
        line.put("target", entry.target());
        line.put("reason", entry.reason());
        line.put("outcome", entry.outcome());
        if (!entry.details().isEmpty()) {
            line.put("details", entry.details());
        }
        byte[] bytes = (ObjectMappers.compactJson().writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        Object monitor = IN_PROCESS_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object());
        synchronized (monitor) {
            write(bytes);
        }
    }

    private void write(byte[] bytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
                FileLock lock = channel.lock()) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to audit log " + file, e);
        }
    }
}
