package io.cicdmanager.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.Map;

/**
 * How cicd logs, set up in code when something first logs (a command that never logs never pays for it): quiet by
 * default, since a command's output is its result, to standard error; {@code --verbose} lowers the root level to
 * DEBUG. Found by logback through {@code META-INF/services}, ahead of any {@code logback.xml}, which it would have
 * had to parse with an XML parser on every start.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    /** Loggers kept quieter than the root, even with --verbose: chatty, or saying nothing a user can act on. */
    static final Map<String, Level> QUIETER = Map.of(
            // the Fabric8 mock API server and Vert.x log every request
            "io.fabric8.mockwebserver", Level.WARN,
            "io.fabric8.kubernetes.client.server.mock", Level.WARN,
            "io.vertx", Level.WARN,
            // a wait on the in-process API server's event loop is the mock server's own (see docs/performance.md)
            "io.vertx.core.impl.BlockedThreadChecker", Level.OFF,
            "io.netty", Level.WARN,
            "org.flywaydb", Level.WARN,
            // warns once per process that Istio's VirtualService API is v1beta1: true, and not actionable
            "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.ERROR,
            // an informer that cannot list logs a stack trace; the command says the same in one line (exit 4)
            "io.fabric8.kubernetes.client.informers.impl.cache.Reflector", Level.OFF);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        context.getStatusManager().add(new NopStatusListener());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
