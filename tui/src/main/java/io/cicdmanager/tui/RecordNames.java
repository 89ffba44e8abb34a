package io.cicdmanager.tui;

import io.cicdmanager.cli.CliContext;
import io.cicdmanager.kube.KubeConnection;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollout names the local shell completes: listed from the cluster when Tab is pressed, at most every few
 * seconds, and connected to only then, so that a shell used for other commands never needs a cluster. When the
 * cluster cannot be read, completion offers no names rather than failing the line being typed.
 */
final class RecordNames implements Supplier<List<String>>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordNames.class);
    static final Duration FRESH = Duration.ofSeconds(5);

    private final Supplier<KubernetesClient> connect;
    private final CliContext context;
    private KubernetesClient client;
    private List<String> names = List.of();
    private Instant listedAt;

    RecordNames(CliContext context) {
        this(context, () -> KubeConnection.connect(null, context.env(), context.workingDir()));
    }

    RecordNames(CliContext context, Supplier<KubernetesClient> connect) {
        this.context = context;
        this.connect = connect;
    }

    @Override
    public synchronized List<String> get() {
        Instant now = context.clock().instant();
        if (listedAt != null && Duration.between(listedAt, now).compareTo(FRESH) < 0) {
            return names;
        }
        listedAt = now;
        try {
            if (client == null) {
                client = connect.get();
            }
            names = new RolloutRecordStore(client).list(null).stream().map(RolloutRecord::qualifiedName).toList();
        } catch (RuntimeException e) {
            LOG.debug("listing rollouts for completion", e);
            names = List.of();
        }
        return names;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
