import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonSlurperClassic
import io.cicdmanager.jenkins.CicdCli

/**
 * qualityGate: judges the build's reports against a quality gate policy with `cicd gate` on the agent, publishes
 * the gates as JUnit test cases, archives the JSON and Markdown results, prints the summary, and returns the result.
 * See qualityGate.txt for the arguments.
 */
def call(Map args = [:]) {
    CicdCli.checkArguments(this, 'qualityGate', args, KNOWN_ARGUMENTS, ['reports'])
    String problem = invalidArguments(args)
    if (problem) {
        error("qualityGate: ${problem}")
    }
    String outputDir = args.outputDir ?: '.cicd/quality-gate'
    String json = "${outputDir}/quality-gate.json"
    String markdown = "${outputDir}/quality-gate.md"
    String junitXml = "${outputDir}/quality-gate-junit.xml"
    String errors = "${outputDir}/cicd-stderr.txt"

    String policy = args.policy
    if (!policy) {
        // The library's own default policy, so a pinned library version pins its gates too.
        policy = "${outputDir}/default-policy.yaml"
        writeFile(file: policy, text: libraryResource('io/cicdmanager/gate/default-policy.yaml'))
    }
    List cliArgs = commandLine(args, policy, json, markdown, junitXml)

    int code = CicdCli.run(this, cliArgs, errors)
    if (!(code in [0, 1, 3]) || !fileExists(json)) {
        error("qualityGate: ${CicdCli.errorMessage(this, code, errors)}")
    }
    junit(testResults: junitXml, allowEmptyResults: false)
    archiveArtifacts(artifacts: "${json},${markdown}", allowEmptyArchive: false)
    echo(readFile(markdown))
    Map result = parseResult(readFile(json))
    if (code == 1) {
        error("qualityGate: quality gate FAILED: ${describe(result, true)}")
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

/** What is wrong with the arguments' shapes, or null; the engine checks the rest (kinds, files, policy). */
@NonCPS
static String invalidArguments(Map args) {
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
    if (args.bypass != null) {
        if (!(args.bypass instanceof Map)) {
            return "bypass must be a map [gate: ..., reason: ..., approvedBy: ...]"
        }
        List unknown = args.bypass.keySet().collect { it.toString() }.findAll { !(it in BYPASS_FIELDS) }.sort()
        if (unknown) {
            return "bypass: unknown field${unknown.size() > 1 ? 's' : ''} ${unknown.join(', ')}; " +
                    "known fields: ${BYPASS_FIELDS.join(', ')}"
        }
        List missing = BYPASS_FIELDS.findAll { !args.bypass[it] || args.bypass[it].toString().trim().isEmpty() }
        if (missing) {
            return "bypass needs ${missing.join(', ')}: a bypass names the gate, why, and who approved it"
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

/** The JSON result as plain, serialisable maps and lists (JsonSlurperClassic builds no lazy maps). */
@NonCPS
static Map parseResult(String text) {
    return (Map) new JsonSlurperClassic().parseText(text)
}

/** "coverage-line (73.73, needs >= 80); tests-pass (...)": the gates that decided the outcome. */
@NonCPS
static String describe(Map result, boolean blocking) {
    List failed = result.gates.findAll { it.status == 'FAILED' && (!blocking || it.blocking) }
    return failed.collect { "${it.id} (${it.message})" }.join('; ')
}
