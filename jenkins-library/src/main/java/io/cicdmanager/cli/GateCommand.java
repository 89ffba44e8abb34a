package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.audit.Actors;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.audit.JsonLinesAuditLog;
import io.cicdmanager.gate.GateEvaluation;
import io.cicdmanager.gate.GatePolicy;
import io.cicdmanager.gate.GatePolicyReader;
import io.cicdmanager.gate.GateResultWriters;
import io.cicdmanager.gate.GivenReports;
import io.cicdmanager.gate.QualityGateRun;
import io.cicdmanager.gate.ReportKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cicd gate}: judges reports against a quality gate policy and writes the result for people and tools. */
@Command(name = "gate",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluates quality gates over test, coverage, mutation, security, licence and load reports.",
            "",
            "KIND is one of: coverage, integration-coverage, tests, mutation, sast, dast, sca, secrets, licenses,"
                + " load. The format is recognised from the content; PATH may be a glob (quote it).",
            "A gate whose KIND is not given is INACTIVE; a given report that is missing, empty or corrupt fails"
                + " every gate that needs it.",
            "",
            "Exit codes: 0 passed; 1 a blocking gate failed; 2 bad usage or an invalid policy;"
                + " 3 unstable (only non-blocking gates failed)."
        })
final class GateCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--report", paramLabel = "KIND=PATH", required = true,
            description = "A report to judge; repeat for more. Several files of one KIND are merged.")
    List<String> reports = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Gate policy YAML (default: the built-in policy, the default gate matrix of docs/gates.md).")
    String policy;

    @Option(names = "--baseline", paramLabel = "PREVIOUS.json",
            description = "A previous run's --json result, for the policy's delta gates.")
    String baseline;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON result here.")
    String json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write a Markdown summary here.")
    String markdown;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML, one test case per gate, here.")
    String junit;

    @Option(names = "--bypass", paramLabel = "GATE",
            description = "Let this failed gate through (only if the policy marks it bypassable); needs --reason"
                    + " and --approved-by. Repeat for more gates.")
    List<String> bypass = new ArrayList<>();

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the bypass is acceptable.")
    String reason;

    @Option(names = "--approved-by", paramLabel = "NAME", description = "Who approved the bypass.")
    String approvedBy;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Append every gate decision and bypass to this JSON Lines file.")
    String auditLog;

    GateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<GivenReports.Request> requests = new ArrayList<>();
        for (String r : reports) {
            requests.add(request(r));
        }
        Optional<QualityGateRun.BypassRequest> bypassRequest = bypassRequest();
        GatePolicy gatePolicy = policy == null ? GatePolicyReader.defaultPolicy()
                : GatePolicyReader.read(context.resolve(policy), policy);
        AuditLog audit = auditLog == null ? AuditLog.none() : new JsonLinesAuditLog(context.resolve(auditLog));
        QualityGateRun run = new QualityGateRun(audit, context.clock(), Actors.current(context.env()));
        Optional<QualityGateRun.BaselineFile> baselineFile = Optional.ofNullable(baseline)
                .map(b -> new QualityGateRun.BaselineFile(context.resolve(b), b));
        GateEvaluation evaluation = run.run(gatePolicy, requests, context.workingDir(), baselineFile, bypassRequest);

        write(json, "--json", GateResultWriters.json(evaluation));
        write(markdown, "--markdown", GateResultWriters.markdown(evaluation));
        write(junit, "--junit", GateResultWriters.junit(evaluation));
        context.out().print(GateResultWriters.text(evaluation));
        context.out().flush();
        return switch (evaluation.status()) {
            case PASSED -> ExitCode.OK;
            case UNSTABLE -> ExitCode.UNSTABLE;
            case FAILED -> ExitCode.FAILED;
        };
    }

    private static GivenReports.Request request(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new UsageException("--report '" + value + "': expected KIND=PATH, such as"
                    + " coverage=target/site/jacoco/jacoco.xml");
        }
        String kind = value.substring(0, eq).strip();
        return ReportKind.fromId(kind)
                .map(k -> new GivenReports.Request(k, value.substring(eq + 1).strip()))
                .orElseThrow(() -> new UsageException("--report '" + value + "': unknown kind '" + kind
                        + "'; kinds: " + ReportKind.allIds()));
    }

    private Optional<QualityGateRun.BypassRequest> bypassRequest() {
        if (bypass.isEmpty()) {
            if (reason != null || approvedBy != null) {
                throw new UsageException("--reason and --approved-by go with --bypass GATE");
            }
            return Optional.empty();
        }
        if (reason == null || reason.isBlank()) {
            throw new UsageException("--bypass needs --reason TEXT saying why");
        }
        if (approvedBy == null || approvedBy.isBlank()) {
            throw new UsageException("--bypass needs --approved-by NAME saying who approved it");
        }
        return Optional.of(new QualityGateRun.BypassRequest(bypass, reason.strip(), approvedBy.strip()));
    }

    private void write(String target, String option, String content) {
        if (target == null) {
            return;
        }
        Path file = context.resolve(target);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(option + " " + target + ": cannot write: " + e.getMessage());
        }
    }
}
