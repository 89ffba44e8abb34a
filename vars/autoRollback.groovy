import io.cicdmanager.jenkins.CicdCli
import io.cicdmanager.jenkins.DoraArguments
import io.cicdmanager.jenkins.RolloutCredentials

/**
 * Rolls a plain Deployment back to its previous revision: now (with a reason), or when the classic post-deploy
 * triggers fire while it is watched for a window (watch: '10m').
 */
def call(Map args = [:]) {
    List<String> known = ['deployment', 'namespace', 'reason', 'watch', 'interval', 'triggers', 'container',
                          'prometheusUrl', 'prometheusCredentialsId', 'kubeconfigCredentialsId', 'deployedAt',
                          'auditLog', 'dora']
    CicdCli.checkArguments(this, 'autoRollback', args, known, ['deployment'])
    DoraArguments.check(this, 'autoRollback', args, ['db', 'credentialsId', 'service', 'environment', 'deployment'])
    String errorFile = '.cicd/rollback-errors.txt'
    if (!args.watch) {
        if (!args.reason) {
            error('autoRollback: a rollback now needs a reason (or give watch: to guard the deployment)')
        }
        List cli = ['rollback', '--deployment', args.deployment, '--reason', args.reason] + common(args)
        int code = RolloutCredentials.with(this, args) { CicdCli.run(this, cli, errorFile) }
        if (code != 0) {
            error("autoRollback: ${CicdCli.errorMessage(this, code, errorFile)}")
        }
        return [outcome: 'rolled-back', deployment: args.deployment]
    }
    List<String> triggerNames = ['alertSelector', 'errorRate', 'p95Ratio', 'readinessFailures']
    List<String> unknownTriggers = CicdCli.unknownArguments(args.triggers ?: [:], triggerNames)
    if (unknownTriggers) {
        error("autoRollback: unknown trigger ${unknownTriggers.join(', ')}; known triggers: ${triggerNames.join(', ')}")
    }
    String resultFile = '.cicd/guard-result.json'
    List cli = ['guard', '--deployment', args.deployment, '--window', args.watch, '--json', resultFile] +
            guardArguments(args) + common(args)
    int code = RolloutCredentials.with(this, args) { CicdCli.run(this, cli, errorFile) }
    Map result = fileExists(resultFile) ? readJSON(file: resultFile) : [:]
    if (code == 0) {
        echo("autoRollback: ${result.deployment} stayed healthy for ${args.watch}")
        return result
    }
    if (code == 3 && result.outcome == 'unverified') {
        // No breach, but a check never had data: not shown healthy, so the build says so.
        unstable("autoRollback: ${result.deployment} not verified: ${result.notes ? result.notes[-1] : 'no data'}")
        return result
    }
    if (code == 1 && result.outcome == 'rolled-back') {
        error("autoRollback: ${result.deployment} rolled back to ${result.rolledBackTo}: ${result.trigger?.message}")
    }
    error("autoRollback: ${CicdCli.errorMessage(this, code, errorFile)}")
}

@NonCPS
private static List common(Map args) {
    List cli = []
    if (args.namespace) {
        cli += ['--namespace', args.namespace]
    }
    if (args.container) {
        cli += ['--container', args.container]
    }
    if (args.auditLog) {
        cli += ['--audit-log', args.auditLog]
    }
    // The store comes through the environment (RolloutCredentials), never here.
    return cli + DoraArguments.options(args, [service: '--dora-service', environment: '--dora-env',
                                              deployment: '--dora-deployment'])
}

/** The guard's options: interval, Prometheus, deploy time and the triggers' thresholds. */
@NonCPS
private static List guardArguments(Map args) {
    List cli = []
    if (args.interval) {
        cli += ['--interval', args.interval]
    }
    if (args.prometheusUrl) {
        cli += ['--prometheus-url', args.prometheusUrl]
    }
    if (args.deployedAt) {
        cli += ['--deployed-at', args.deployedAt]
    }
    Map flags = [errorRate: '--max-error-rate', p95Ratio: '--max-p95-ratio',
                 readinessFailures: '--max-readiness-failures', alertSelector: '--alert-selector']
    (args.triggers ?: [:]).each { key, value -> cli += [flags[key], value.toString()] }
    return cli
}
