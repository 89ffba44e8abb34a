package io.cicdmanager.tui;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.cli.CliContext;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.tui.ssh.MutableClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@InProcessKubernetes
class RecordNamesTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    KubernetesClient client;

    @TempDir
    Path dir;

    private static void start(KubernetesClient client, String ns, String name) {
        new RolloutRecordStore(client).start("name: " + name + "\n", RolloutStatus.pending(name, ns, "canary",
                "replicas", "img:2", "img:1", 2, NOW, "jenkins"));
    }

    @Test
    void theShellCompletesTheRolloutsOfTheClusterListedAtMostEveryFewSeconds() {
        start(client, "prod", "checkout");
        MutableClock clock = new MutableClock(NOW);
        CliContext context = new CliContext(dir, Map.of(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), clock, d -> { });
        AtomicInteger connections = new AtomicInteger();
        try (RecordNames names = new RecordNames(context, () -> {
            connections.incrementAndGet();
            return client;
        })) {
            assertThat(names.get()).containsExactly("prod/checkout");
            start(client, "staging", "search");
            assertThat(names.get()).as("listed a moment ago").containsExactly("prod/checkout");
            clock.advance(RecordNames.FRESH);
            assertThat(names.get()).containsExactly("prod/checkout", "staging/search");
            assertThat(connections.get()).isEqualTo(1);
        }
    }

    @Test
    void withoutAClusterCompletionOffersNoNames() {
        MutableClock clock = new MutableClock(NOW);
        CliContext context = new CliContext(dir, Map.of("KUBECONFIG", "missing.yaml"),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), clock, d -> { });
        try (RecordNames names = new RecordNames(context)) {
            assertThat(names.get()).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            assertThat(names.get()).isEmpty();
        }
    }
}
