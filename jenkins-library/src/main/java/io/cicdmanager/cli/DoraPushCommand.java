package io.cicdmanager.cli;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.UsageException;
import io.cicdmanager.dora.DoraMetrics;
import io.cicdmanager.dora.DoraReporter;
import io.cicdmanager.dora.DoraStore;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cicd dora push}: pushes the four keys to a Prometheus Pushgateway, the way for a pipeline to export. */
@Command(name = "push", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Pushes the four keys per service, environment and team to a Prometheus Pushgateway.")
public final class DoraPushCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--gateway", required = true, paramLabel = "URL", description = "e.g. http://pushgateway:9091")
    String gateway;
    @Option(names = "--job", description = "The Pushgateway job label. Default: dora.")
    String job = "dora";
    @Option(names = "--window-days", paramLabel = "DAYS", description = "The window ending now. Default: 30.")
    int windowDays = 30;
    @Mixin
    DoraDatabaseOption database = new DoraDatabaseOption();

    DoraPushCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        checkWindow(windowDays);
        URI uri = gatewayUri(gateway);
        String address = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        try (DoraStore store = database.openExisting(context)) {
            PrometheusRegistry registry = DoraMetrics.registry(new DoraReporter(store), context.clock()::instant,
                    Duration.ofDays(windowDays));
            PushGateway push = PushGateway.builder()
                    .address(address)
                    .scheme("https".equals(uri.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                    .job(job)
                    .registry(registry)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .readTimeout(Duration.ofSeconds(30))
                    .build();
            push.push();
            context.out().println("pushed the DORA keys of " + store.location() + " to " + address + " as job " + job);
        } catch (IOException e) {
            throw new DependencyUnreachableException("cannot push to the Pushgateway at " + address + ": "
                    + e.getMessage(), e);
        }
        return ExitCode.OK;
    }

    static URI gatewayUri(String value) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below, with what a valid value looks like
        }
        throw new UsageException("--gateway: '" + value + "' is not an http(s) URL such as http://pushgateway:9091");
    }

    static void checkWindow(int days) {
        if (days < 1) {
            throw new UsageException("--window-days must be at least 1, not " + days);
        }
    }
}
