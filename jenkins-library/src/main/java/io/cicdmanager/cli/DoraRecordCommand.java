package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.dora.Deployment;
import io.cicdmanager.dora.DeploymentStatus;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.Incident;
import io.cicdmanager.dora.RecordOutcome;
import io.cicdmanager.dora.RecordResult;
import io.cicdmanager.dora.Restore;
import io.cicdmanager.dora.RestoreKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cicd dora record deployment|restore|incident}: one event into the store, idempotent per id. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Records one event. The same id recorded again changes nothing; with other content it is a"
                + " conflict (exit 1) and the first content is kept.",
        subcommands = {DoraRecordCommand.RecordDeployment.class, DoraRecordCommand.RecordRestore.class,
            DoraRecordCommand.RecordIncident.class},
        synopsisSubcommandLabel = "deployment|restore|incident")
public final class DoraRecordCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to record: deployment, restore or incident");
    }

    /** Builds the event (bad values are usage errors), records it and says what happened. */
    static <E> int record(CliContext context, DoraDatabaseOption database, String kind, Supplier<E> event,
            Function<DoraStore, Function<E, RecordResult>> recorder, String recordedMessage) {
        E built;
        try {
            built = event.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid " + kind + ": " + e.getMessage());
        }
        RecordResult result;
        try (DoraStore store = database.open(context)) {
            result = recorder.apply(store).apply(built);
        }
        if (result.outcome() == RecordOutcome.CONFLICT) {
            context.err().println(Cicd.error("dora record " + kind, "not recorded: " + result.detail()));
            return ExitCode.FAILED;
        }
        context.out().println(switch (result.outcome()) {
            case RECORDED -> "recorded " + kind + " " + result.id() + recordedMessage;
            case UPDATED -> "updated " + kind + " " + result.id() + " with what its first record lacked";
            default -> kind + " " + result.id() + " was already recorded; nothing changed";
        });
        return ExitCode.OK;
    }

    /** {@code cicd dora record deployment}. */
    // Not mixinStandardHelpOptions: its -V/--version would take the deployment's --version, and -h/--help with it.
    @Command(name = "deployment", sortOptions = false,
            description = "Records a deployment: a release of a service to an environment, and the commit times of"
                    + " the changes it ships.")
    static final class RecordDeployment implements Callable<Integer> {
        private final CliContext context;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;
        @Option(names = "--id", required = true, description = "Unique id of this deployment, e.g. the build URL.")
        String id;
        @Option(names = "--service", required = true, description = "The service deployed.")
        String service;
        @Option(names = "--env", required = true, paramLabel = "ENVIRONMENT",
                description = "The environment deployed to, e.g. prod.")
        String environment;
        @Option(names = "--team", description = "The team that owns the service, for reports per team.")
        String team;
        @Option(names = "--version", required = true,
                description = "The release deployed (not this program's version).")
        String version;
        @Option(names = "--commit", required = true, paramLabel = "SHA", description = "The commit deployed.")
        String commit;
        @Option(names = "--commit-time", paramLabel = "ISO", split = ",", converter = IsoInstantConverter.class,
                description = {"Commit time of each change shipped (repeat, or separate with commas). None for a"
                    + " redeploy that ships no new change."})
        List<Instant> commitTimes = new ArrayList<>();
        @Option(names = "--commit-times-file", paramLabel = "FILE",
                description = {"A file with the commit time of each change shipped, one ISO-8601 time per line:"
                    + " for more changes than a command line holds. Adds to --commit-time."})
        String commitTimesFile;
        @Option(names = "--started", paramLabel = "ISO", converter = IsoInstantConverter.class,
                description = "When the deployment started (optional; not after --finished).")
        Instant started;
        @Option(names = "--finished", paramLabel = "ISO", converter = IsoInstantConverter.class,
                description = {"When the deployment finished. Default: now; recording the same id again"
                    + " without it keeps the first finish time and is not a conflict."})
        Instant finished;
        @Option(names = "--status", required = true, paramLabel = "success|failure",
                converter = StatusConverter.class,
                description = "Whether it succeeded; a failure counts towards the change failure rate.")
        DeploymentStatus status;
        @Option(names = "--by", paramLabel = "NAME", description = "Who deployed it.")
        String by;
        @Option(names = "--pipeline-url", paramLabel = "URL", description = "The build that deployed it.")
        String pipelineUrl;
        @Mixin
        DoraDatabaseOption database = new DoraDatabaseOption();

        RecordDeployment(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            List<Instant> shipped = new ArrayList<>(commitTimes);
            if (commitTimesFile != null) {
                shipped.addAll(CommitTimesFile.read(context, "--commit-times-file", commitTimesFile));
            }
            return record(context, database, "deployment",
                    () -> new Deployment(id, service, environment, team, version, commit, shipped, started,
                            finished != null ? finished : context.clock().instant(), status, by, pipelineUrl),
                    store -> finished != null ? store::record : store::recordFinishedAtDelivery,
                    " (" + service + " to " + environment + ", " + (status == null ? "" : status.label()) + ", "
                            + shipped.size() + " changes)");
        }
    }

    /** {@code cicd dora record restore}. */
    @Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Records that service was restored after a deployment: by a rollback or a fix.")
    static final class RecordRestore implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--id", required = true, description = "Unique id of this restore.")
        String id;
        @Option(names = "--deployment", required = true, paramLabel = "DEPLOYMENT-ID",
                description = "The deployment whose damage this restore ended.")
        String deployment;
        @Option(names = "--at", required = true, paramLabel = "ISO", converter = IsoInstantConverter.class,
                description = "When service was back to normal.")
        Instant at;
        @Option(names = "--kind", paramLabel = "rollback|fix", converter = KindConverter.class,
                description = "Default: rollback.")
        RestoreKind kind = RestoreKind.ROLLBACK;
        @Option(names = "--by", paramLabel = "NAME", description = "Who restored it.")
        String by;
        @Mixin
        DoraDatabaseOption database = new DoraDatabaseOption();

        RecordRestore(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return record(context, database, "restore", () -> new Restore(id, deployment, at, kind, by),
                    store -> store::record, " (of deployment " + deployment + ")");
        }
    }

    /** {@code cicd dora record incident}. */
    @Command(name = "incident", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Records an incident, or its resolution when recorded again with --resolved.")
    static final class RecordIncident implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--id", required = true, description = "Unique id of this incident, e.g. the pager's.")
        String id;
        @Option(names = "--service", required = true, description = "The service affected.")
        String service;
        @Option(names = "--env", required = true, paramLabel = "ENVIRONMENT",
                description = "The environment affected, e.g. prod.")
        String environment;
        @Option(names = "--opened", required = true, paramLabel = "ISO", converter = IsoInstantConverter.class,
                description = "When it started.")
        Instant opened;
        @Option(names = "--resolved", paramLabel = "ISO", converter = IsoInstantConverter.class,
                description = "When it was resolved; record the incident again with it once it is.")
        Instant resolved;
        @Option(names = "--cause", paramLabel = "DEPLOYMENT-ID", description = "The deployment that caused it.")
        String cause;
        @Mixin
        DoraDatabaseOption database = new DoraDatabaseOption();

        RecordIncident(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return record(context, database, "incident",
                    () -> new Incident(id, service, environment, opened, resolved, cause), store -> store::record,
                    " (" + service + " in " + environment + (cause == null ? "" : ", caused by " + cause) + ")");
        }
    }

    /** Accepts success or failure, in any case. */
    static final class StatusConverter implements CommandLine.ITypeConverter<DeploymentStatus> {
        @Override
        public DeploymentStatus convert(String value) {
            try {
                return DeploymentStatus.fromLabel(value.toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Accepts rollback or fix, in any case. */
    static final class KindConverter implements CommandLine.ITypeConverter<RestoreKind> {
        @Override
        public RestoreKind convert(String value) {
            try {
                return RestoreKind.fromLabel(value.toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
