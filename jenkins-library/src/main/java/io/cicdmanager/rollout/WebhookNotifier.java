package io.cicdmanager.rollout;

import io.cicdmanager.json.ObjectMappers;
import io.cicdmanager.model.RolloutOutcome;
import io.cicdmanager.model.RolloutOutcomeListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a Slack-compatible incoming webhook how a rollout ended ({@code {"text": …}}). A webhook that fails is
 * logged and otherwise ignored: notification never changes a rollout's outcome.
 */
public final class WebhookNotifier implements RolloutOutcomeListener {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    private final URI webhook;
    private final HttpClient http;

    public WebhookNotifier(URI webhook, HttpClient http) {
        this.webhook = webhook;
        this.http = http;
    }

    /** The message text for an outcome: phase, release, and the trigger with its number when there was one. */
    public static String text(RolloutOutcome outcome) {
        StringBuilder sb = new StringBuilder();
        sb.append(outcome.succeeded() ? ":white_check_mark: " : ":rotating_light: ")
                .append("rollout ").append(outcome.namespace()).append('/').append(outcome.name()).append(' ')
                .append(outcome.phase()).append(": ").append(outcome.image());
        if (outcome.trigger() != null) {
            sb.append(" (").append(outcome.trigger().message() == null ? outcome.trigger().check()
                    : outcome.trigger().message()).append(')');
        }
        if (!outcome.succeeded() && outcome.actor() != null) {
            sb.append(" by ").append(outcome.actor());
        }
        return sb.toString();
    }

    @Override
    public void rolloutFinished(RolloutOutcome outcome) {
        String body = ObjectMappers.compactJson().writeValueAsString(Map.of("text", text(outcome)));
        HttpRequest request = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                LOG.warn("notify webhook {} answered {}", webhook.getHost(), response.statusCode());
            }
        } catch (IOException e) {
            LOG.warn("notify webhook {} unreachable: {}", webhook.getHost(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
