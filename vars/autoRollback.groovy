import com.cloudbees.groovy.cps.NonCPS
import io.cicdmanager.jenkins.CicdCli
import io.cicdmanager.jenkins.DoraArguments
import io.cicdmanager.jenkins.RolloutCredentials
import io.cicdmanager.jenkins.StepArguments

/**
 * Rolls a plain Deployment back to its previous revision: now (with a reason), or when the classic post-deploy
 * triggers fire while it is watched for a window (watch: '10m').
 */
def call(Map args = [:]) {
    List<String> known = ['deployment', 'namespace', 'reason', 'watch', 'interval', 'triggers', 'container',
                          'prometheusUrl', 'prometheusCredentialsId', 'kubeconfigCredentialsId', 'deployedAt',
                          'auditLog', 'dora', 'timeout', 'outputDir']
    CicdCli cli = CicdCli.forStep(this, 'autoRollback', args, known, ['deployment'], args.outputDir)
    DoraArguments.check(this, 'autoRollback', args, ['db', 'credentialsId', 'service', 'environment', 'deployment'])
    if (!args.watch) {
        if (!args.reason) {
            error('autoRollback: a rollback now needs a reason (or give watch: to guard the deployment)')
        }
        if (args.timeout) {
            error('autoRollback: timeout goes with watch: a rollback now does not wait')
        }
        List words = ['rollback', '--deployment', args.deployment, '--reason', args.reason] + common(args)
        int code = RolloutCredentials.with(this, args) { cli.run(words) }
        if (code != 0) {
            return cli.fail(cli.errorMessage(code, 'rollback'), [outcome: 'failed', deployment: args.deployment])
        }
        return [outcome: 'rolled-back', deployment: args.deployment]
    }
    if (args.triggers != null && !(args.triggers instanceof Map)) {
        error("autoRollback: triggers must be a map such as [errorRate: '2%', p95Ratio: 2]")
    }
    StepArguments.check(this, 'autoRollback', (args.triggers ?: [:]) as Map,
            ['alertSelector', 'errorRate', 'p95Ratio', 'readinessFailures'], [], 'trigger')
    Map limit = args.timeout ? CicdCli.timeoutOf(this, 'autoRollback', 'timeout', args.timeout) : null
    if (limit) {
        int found = cli.findEngine()
        if (found != 0) {
            return cli.fail(cli.errorMessage(found, 'engine'))
        }
    }
    String resultFile = cli.file('guard-result.json')
    List words = ['guard', '--deployment', args.deployment, '--window', args.watch, '--json', resultFile] +
            guardArguments(args) + common(args)
    int code = RolloutCredentials.with(this, args) {
        cli.runWithin(limit, { cli.run(words) }, {
            Map stopped = cli.readResult(resultFile)
            echo(stopped.outcome ? "autoRollback: stopped by Jenkins: ${stopped.deployment} ${stopped.outcome}" +
                    (stopped.rolledBackTo ? " to ${stopped.rolledBackTo}" : '') :
                    'autoRollback: stopped by Jenkins before the guard wrote its result')
        })
    }
    Map result = cli.readResult(resultFile)
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
        String why = result.trigger instanceof Map ? result.trigger.message : result.reason
        return cli.fail("${result.deployment} rolled back to ${result.rolledBackTo}: ${why}", result)
    }
    return cli.fail(cli.errorMessage(code, 'guard'), result)
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
