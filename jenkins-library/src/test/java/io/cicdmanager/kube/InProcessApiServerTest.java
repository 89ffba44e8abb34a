package io.cicdmanager.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InProcessApiServerTest {

    /**
     * Fabric8 8.0.0's stock mock server froze for 30 s when a watch closed while an event was on its way to it; the
     * writes after a freeze wait for it. Here watches close right behind a write, 200 times, and every write and the
     * server's shutdown must go through without such waits: the loop takes seconds, where the stock server froze
     * about once in 25 closes and took 246 s, so a hang guard of two minutes tells the two apart.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void watchesClosedRightAfterAWriteNeverStallTheServer() {
        AtomicInteger events = new AtomicInteger();
        InProcessApiServer server = new InProcessApiServer();
        KubernetesClient client = server.client();
        client.configMaps().inNamespace("prod").resource(new ConfigMapBuilder().withNewMetadata().withName("record")
                .endMetadata().build()).create();
        for (int i = 0; i < 200; i++) {
            Watch watch = client.configMaps().inNamespace("prod").withName("record").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                    events.incrementAndGet();
                }

                @Override
                public void onClose(WatcherException cause) {
                    // closed by the test
                }
            });
            String value = Integer.toString(i);
            client.configMaps().inNamespace("prod").withName("record").edit(cm -> {
                cm.setData(Map.of("step", value));
                return cm;
            });
            watch.close();
        }
        assertThat(client.configMaps().inNamespace("prod").withName("record").get().getData())
                .containsEntry("step", "199");
        server.close();
        assertThat(events).as("the watches saw events").hasPositiveValue();
    }

    /** A loaded machine makes the in-process server slow, never unreachable: its client waits for it. */
    @Test
    void itsClientWaitsForASlowServerInsteadOfFailingAfterTenSeconds() {
        try (InProcessApiServer server = new InProcessApiServer()) {
            assertThat(server.client().getConfiguration().getRequestTimeout())
                    .isEqualTo(InProcessApiServer.REQUEST_TIMEOUT_MILLIS).isGreaterThan(10_000);
            assertThat(server.client().getConfiguration().getRequestRetryBackoffLimit()).isPositive();
            assertThat(server.client().getConfiguration().isHttp2Disable()).isTrue();
            assertThat(server.client().getConfiguration().getMasterUrl()).startsWith("http");
        }
    }
}
