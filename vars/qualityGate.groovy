import com.cloudbees.groovy.cps.NonCPS
import io.cicdmanager.jenkins.CicdCli
import io.cicdmanager.jenkins.StepArguments

/**
 * qualityGate: judges the build's reports against a quality gate policy with `cicd gate` on the agent, publishes
 * the gates as JUnit test cases, archives the JSON and Markdown results, prints the summary, and returns the result.
 * See qualityGate.txt for the arguments.
 */
def call(Map args = [:]) {
    CicdCli cli = CicdCli.forStep(this, 'qualityGate', args, KNOWN_ARGUMENTS, ['reports'], args.outputDir)
    String problem = invalidReports(args)
    if (problem) {
        error("qualityGate: ${problem}")
    }
    if (args.bypass != null) {
        if (!(args.bypass instanceof Map)) {
            error('qualityGate: bypass must be a map [gate: ..., reason: ..., approvedBy: ...]')
        }
        StepArguments.check(this, 'qualityGate', args.bypass as Map, BYPASS_FIELDS, BYPASS_FIELDS, 'bypass field',
                'a bypass names the gate, why, and who approved it')
    }
    String json = cli.file('quality-gate.json')
    String markdown = cli.file('quality-gate.md')
    String junitXml = cli.file('quality-gate-junit.xml')

    String policy = args.policy
    if (!policy) {
        // The library's own default policy, so a pinned library version pins its gates too.
        policy = cli.file('default-policy.yaml')
        writeFile(file: policy, text: libraryResource('io/cicdmanager/gate/default-policy.yaml'))
    }
    int code = cli.run(commandLine(args, policy, json, markdown, junitXml))
    if (!(code in [0, 1, 3]) || !fileExists(json)) {
        return cli.fail(cli.errorMessage(code, 'gate'))
    }
    junit(testResults: junitXml, allowEmptyResults: false)
    archiveArtifacts(artifacts: "${json},${markdown}", allowEmptyArchive: false)
    echo(readFile(markdown))
    Map result = cli.readResult(json)
    if (code == 1) {
        return cli.fail("quality gate FAILED: ${describe(result, true)}", result)
    }
    if (code == 3) {
        unstable("qualityGate: quality gate UNSTABLE: ${describe(result, false)}")
    }
    return result
}

@groovy.transform.Field
static final List<String> KNOWN_ARGUMENTS = ['reports', 'policy', 'baseline', 'bypass', 'outputDir', 'auditLog']

@groovy.transform.Field
static final List<String> BYPASS_FIELDS = ['gate', 'reason', 'approvedBy']

/** What is wrong with the reports' shape, or null; the engine checks the rest (kinds, files, policy). */
@NonCPS
static String invalidReports(Map args) {
    if (!(args.reports instanceof Map) || args.reports.isEmpty()) {
        return "reports must be a map of KIND: PATH, such as [coverage: 'target/site/jacoco/jacoco.xml', " +
                "tests: 'target/surefire-reports/*.xml']"
    }
    for (def entry : args.reports.entrySet()) {
        def paths = entry.value instanceof Collection ? entry.value : [entry.value]
        if (paths.isEmpty() || paths.any { it == null || it.toString().trim().isEmpty() }) {
            return "reports.${entry.key} must be a path or a list of paths"
        }
    }
    return null
}

@NonCPS
static List commandLine(Map args, String policy, String json, String markdown, String junitXml) {
    List cli = ['gate']
    args.reports.each { kind, value ->
        (value instanceof Collection ? value : [value]).each { cli += ['--report', "${kind}=${it}".toString()] }
    }
    cli += ['--policy', policy, '--json', json, '--markdown', markdown, '--junit', junitXml]
    if (args.baseline) {
        cli += ['--baseline', args.baseline.toString()]
    }
    if (args.auditLog) {
        cli += ['--audit-log', args.auditLog.toString()]
    }
    if (args.bypass) {
        def gates = args.bypass.gate instanceof Collection ? args.bypass.gate : [args.bypass.gate]
        gates.each { cli += ['--bypass', it.toString()] }
        cli += ['--reason', args.bypass.reason.toString(), '--approved-by', args.bypass.approvedBy.toString()]
    }
    return cli
}

/** "coverage-line (73.73, needs >= 80); tests-pass (...)": the gates that decided the outcome. */
@NonCPS
static String describe(Map result, boolean blocking) {
    List failed = result.gates.findAll { it.status == 'FAILED' && (!blocking || it.blocking) }
    return failed.collect { "${it.id} (${it.message})" }.join('; ')
}
