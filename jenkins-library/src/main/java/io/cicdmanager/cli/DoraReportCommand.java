package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.dora.DoraReport;
import io.cicdmanager.dora.DoraReporter;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.ReportWriter;
import io.cicdmanager.dora.Selection;
import io.cicdmanager.dora.Window;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cicd dora report}: the four keys and their tiers for a service, environment or team over a window. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the four keys with their DORA 2024 tiers. A key with no data says so (null in JSON).",
            "The window is (--since, --until]: by default the 30 days ending now."})
public final class DoraReportCommand implements Callable<Integer> {
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    /** The output formats. */
    enum Format { table, json, csv }

    private final CliContext context;

    @Option(names = "--service", description = "Only this service (default: every service).")
    String service;
    @Option(names = "--env", paramLabel = "ENVIRONMENT",
            description = "Only this environment, e.g. prod (default: every environment).")
    String environment;
    @Option(names = "--team", description = "Only the services of this team (default: every team).")
    String team;
    @Option(names = "--since", paramLabel = "ISO", converter = IsoInstantConverter.class,
            description = "Start of the window (exclusive). Default: 30 days before --until.")
    Instant since;
    @Option(names = "--until", paramLabel = "ISO", converter = IsoInstantConverter.class,
            description = "End of the window (inclusive). Default: now.")
    Instant until;
    @Option(names = "--per-service",
            description = "One report per service, environment and team that deployed in the window.")
    boolean perService;
    @Option(names = {"-o", "--output"}, paramLabel = "table|json|csv", description = "Default: table.")
    Format format = Format.table;
    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the report as JSON (as -o json prints it) to FILE: one run for a person and a "
                    + "program, as the recordDora step reads it.")
    String jsonFile;
    @Mixin
    DoraDatabaseOption database = new DoraDatabaseOption();

    DoraReportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Window window = window(since, until, context.clock().instant());
        try (DoraStore store = database.openExisting(context)) {
            DoraReporter reporter = new DoraReporter(store);
            Selection selection = new Selection(service, environment, team);
            List<DoraReport> reports = perService
                    ? reporter.reportPerService(window).stream().filter(r -> matches(selection, r.selection()))
                            .toList()
                    : List.of(reporter.report(selection, window));
            switch (format) {
                case json -> ReportWriter.writeJson(reports, perService, context.out());
                case csv -> ReportWriter.writeCsv(reports, context.out());
                default -> {
                    if (reports.isEmpty()) {
                        context.out().println("no deployments in the window: no data");
                    }
                    ReportWriter.writeTable(reports, context.out());
                }
            }
            if (jsonFile != null) {
                StringWriter json = new StringWriter();
                ReportWriter.writeJson(reports, perService, new PrintWriter(json));
                writeFile(context.resolve(jsonFile), json.toString());
            }
        }
        return ExitCode.OK;
    }

    private static void writeFile(Path file, String text) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UsageException("--json " + file + ": cannot write it: " + e.getMessage());
        }
    }

    static Window window(Instant since, Instant until, Instant now) {
        Instant end = until != null ? until : now;
        Instant start = since != null ? since : end.minus(DEFAULT_WINDOW);
        if (!start.isBefore(end)) {
            throw new UsageException("--since (" + start + ") must be before --until (" + end + ")");
        }
        return new Window(start, end);
    }

    private static boolean matches(Selection filter, Selection row) {
        return (filter.service() == null || filter.service().equals(row.service()))
                && (filter.environment() == null || filter.environment().equals(row.environment()))
                && filter.coversTeam(row.team());
    }
}
