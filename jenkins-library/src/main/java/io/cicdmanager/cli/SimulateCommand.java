package io.cicdmanager.cli;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.audit.Actors;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.audit.JsonLinesAuditLog;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.rollout.Rehearsal;
import io.cicdmanager.rollout.RolloutSpec;
import io.cicdmanager.rollout.RolloutSpecParser;
import io.cicdmanager.rollout.SimulationResult;
import io.cicdmanager.kube.InProcessApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cicd simulate}: rehearses a rollout with the real engine against an in-process Kubernetes API server and a
 * simulated metrics provider, in virtual time.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Rehearses a rollout: the real engine against an in-process Kubernetes API server seeded with "
            + "what the spec needs, simulated traffic from a scenario, and virtual time (45 minutes take seconds).",
            "Exit: 0 the rollout succeeded; 1 it was rolled back, aborted or failed; 2 bad spec or scenario."})
final class SimulateCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The rollout spec (YAML).")
    String specFile;

    @Option(names = "--scenario", required = true, paramLabel = "FILE", description = "Traffic and events (YAML).")
    String scenarioFile;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON.")
    String jsonFile;

    @Option(names = "--audit-log", paramLabel = "FILE", description = "Append the rehearsal's audit trail here.")
    String auditLog;

    SimulateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        RolloutSpec spec = RolloutSpecParser.forSimulation().parseFile(context.resolve(specFile), specFile);
        SimulationScenario scenario = SimulationScenario.from(ConfigReader.read(context.resolve(scenarioFile),
                scenarioFile));
        if (spec.strategy() instanceof io.cicdmanager.rollout.StrategySpec.BlueGreen bg
                && !bg.prePromotionAnalysis().isEmpty() && scenario.previewRps() <= 0) {
            // Before promotion no user reaches the preview: without its own traffic the analysis has nothing to judge.
            context.err().println(Cicd.warning("simulate", scenarioFile + " sends no requests to the preview "
                    + "(traffic.previewRps), so the blue-green pre-promotion analysis has no data and stays "
                    + "inconclusive; give traffic: {previewRps: N} to rehearse it"));
        }
        try (InProcessApiServer server = new InProcessApiServer()) {
            KubernetesClient client = server.client();
            Rehearsal rehearsal = new Rehearsal(client, spec, scenario,
                    context.clock().instant().truncatedTo(ChronoUnit.SECONDS), Rehearsal.DEFAULT_HORIZON);
            rehearsal.seed();
            AuditLog audit = auditLog == null ? AuditLog.none() : new JsonLinesAuditLog(context.resolve(auditLog));
            SimulationResult result = rehearsal.run(audit, Actors.current(context.env()));
            for (SimulationResult.Event e : result.timeline()) {
                context.out().printf("%6ds  %-11s %3d %%  %s%s%n", e.t(), e.phase(), e.weight(), e.event(),
                        e.by() == null ? "" : "  (" + e.by() + ")");
            }
            context.out().println("simulated " + spec.qualifiedName() + ": " + result.phase() + " after "
                    + result.durationSeconds() + " s of virtual time"
                    + (result.trigger() == null ? "" : "; tripped by " + result.trigger().check() + ": "
                            + result.trigger().message()));
            ResultFiles.write(context, jsonFile, result);
            return "Succeeded".equals(result.phase()) ? ExitCode.OK : ExitCode.FAILED;
        }
    }
}
