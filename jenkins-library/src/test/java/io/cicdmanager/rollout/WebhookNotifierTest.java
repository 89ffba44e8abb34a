package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cicdmanager.model.RolloutOutcome;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void postsASlackCompatibleMessageAndSurvivesAFailingHook() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            RolloutOutcome rolledBack = new RolloutOutcome("checkout", "prod", "shop:2", T0, T0.plusSeconds(125),
                    RolloutPhase.ROLLED_BACK, new RolloutStatus.Trigger("error-rate", 0.041, 0.01,
                            "check error-rate failed: error-rate 4.10 % breaches <= 1.00 %"), "cicd-manager",
                    new RolloutOutcome.Rollback(T0.plusSeconds(120), T0.plusSeconds(121)));
            new WebhookNotifier(URI.create(base + "/hook"), HttpClient.newHttpClient()).rolloutFinished(rolledBack);
            assertThat(bodies).singleElement().asString().startsWith("{\"text\":\":rotating_light: rollout prod/checkout "
                    + "RolledBack: shop:2 (check error-rate failed");
            new WebhookNotifier(URI.create(base + "/broken"), HttpClient.newHttpClient()).rolloutFinished(rolledBack);
            new WebhookNotifier(URI.create("http://127.0.0.1:1/none"), HttpClient.newHttpClient())
                    .rolloutFinished(rolledBack);
            RolloutOutcome ok = new RolloutOutcome("checkout", "prod", "shop:2", T0, T0, RolloutPhase.SUCCEEDED, null,
                    "jenkins", null);
            assertThat(ok.succeeded()).isTrue();
            assertThat(WebhookNotifier.text(ok)).isEqualTo(":white_check_mark: rollout prod/checkout Succeeded: shop:2");
            RolloutOutcome aborted = new RolloutOutcome("checkout", "prod", "shop:2", T0, T0, RolloutPhase.ROLLED_BACK,
                    null, "alice", new RolloutOutcome.Rollback(T0, T0));
            assertThat(WebhookNotifier.text(aborted)).endsWith("shop:2 by alice");
        } finally {
            server.stop(0);
        }
    }
}
