package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.dora.DoraMetrics;
import io.cicdmanager.dora.DoraReporter;
import io.cicdmanager.dora.DoraStore;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cicd dora serve}: a Prometheus endpoint with the four keys, computed from the store at each scrape. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serves the four keys per service, environment and team at /metrics until stopped.")
public final class DoraServeCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--port", description = "Default: 9400; 0 picks a free port.")
    int port = 9400;
    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Default: all interfaces.")
    String bind = "0.0.0.0";
    @Option(names = "--window-days", paramLabel = "DAYS", description = "The window ending at each scrape. Default: 30.")
    int windowDays = 30;
    @Mixin
    DoraDatabaseOption database = new DoraDatabaseOption();

    DoraServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        DoraPushCommand.checkWindow(windowDays);
        try (DoraStore store = database.openExisting(context)) {
            PrometheusRegistry registry = DoraMetrics.registry(new DoraReporter(store), context.clock()::instant,
                    Duration.ofDays(windowDays));
            HTTPServer server;
            try {
                server = HTTPServer.builder().hostname(bind).port(port).registry(registry).buildAndStart();
            } catch (IOException e) {
                throw new UsageException("--port " + port + ": cannot listen on " + bind + ":" + port + ": "
                        + e.getMessage(), e);
            }
            try (server) {
                context.out().println("serving the DORA keys of " + store.location() + " at http://" + bind + ":"
                        + server.getPort() + "/metrics");
                context.out().flush();
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // Stopped: close the server and the store and end normally.
                Thread.currentThread().interrupt();
            }
        }
        return ExitCode.OK;
    }
}
