package io.cicdmanager.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.json.ObjectMappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class JsonLinesAuditLogTest {
    @TempDir
    Path dir;

    @Test
    void appendsOneJsonObjectPerLine() throws Exception {
        JsonLinesAuditLog log = new JsonLinesAuditLog(dir.resolve("nested/audit.jsonl"));
        log.append(new AuditEntry(Instant.parse("2026-11-26T10:00:00Z"), "alice", "cli", "gate.bypass",
                "coverage.line", "hotfix", "BYPASSED", Map.of("value", 71.5)));
        log.append(new AuditEntry(Instant.parse("2026-11-26T10:00:01Z"), "jenkins", "cli", "gate.decision",
                "build", null, "FAILED", null));
        List<String> lines = Files.readAllLines(log.file());
        assertThat(lines).hasSize(2);
        JsonNode first = ObjectMappers.json().readTree(lines.get(0));
        assertThat(first.get("actor").asString()).isEqualTo("alice");
        assertThat(first.get("details").get("value").asDouble()).isEqualTo(71.5);
        assertThat(first.get("time").asString()).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(ObjectMappers.json().readTree(lines.get(1)).has("details")).isFalse();
    }

    @Test
    void concurrentWritersNeverInterleaveLines() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int writer = t;
            pool.submit(() -> {
                JsonLinesAuditLog log = new JsonLinesAuditLog(file);
                for (int i = 0; i < 50; i++) {
                    log.append(new AuditEntry(Instant.EPOCH, "w" + writer, "test", "write", "t", "x".repeat(500),
                            "OK", Map.of("i", i)));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(200);
        for (String line : lines) {
            assertThat(ObjectMappers.json().readTree(line).get("action").asString()).isEqualTo("write");
        }
    }
}
