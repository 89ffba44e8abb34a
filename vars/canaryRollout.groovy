import io.cicdmanager.jenkins.CicdCli
import io.cicdmanager.jenkins.DoraArguments
import io.cicdmanager.jenkins.Promotion
import io.cicdmanager.jenkins.RolloutCredentials
import io.cicdmanager.jenkins.ShippedChanges

/**
 * Rolls a release out progressively on Kubernetes (canary, blue-green or rolling) with the cicd engine, in one sh
 * step so it survives a controller restart; fails the build naming the trigger when the release is rolled back.
 */
def call(Map args = [:]) {
    List<String> known = ['spec', 'strategy', 'name', 'namespace', 'deployment', 'container', 'image', 'service',
                          'steps', 'checks', 'latencyJudge', 'defaultJudge', 'interval', 'failureLimit',
                          'inconclusiveLimit', 'onInconclusive',
                          'router', 'virtualService', 'httpRoute', 'ingress', 'stableService', 'canaryService',
                          'activeService', 'previewService', 'autoPromotionSeconds', 'autoPromotion',
                          'scaleDownDelaySeconds', 'maxSurge', 'maxUnavailable', 'prometheusUrl',
                          'prometheusCredentialsId', 'kubeconfigCredentialsId', 'progressDeadline', 'auditLog',
                          'onInterrupt', 'dora', 'timeout', 'promotion', 'outputDir']
    CicdCli cli = CicdCli.forStep(this, 'canaryRollout', args, known, [], args.outputDir)
    Map dora = DoraArguments.check(this, 'canaryRollout', args, ['db', 'credentialsId', 'service', 'environment',
                                                                 'team', 'version', 'commit'])
    if (dora.commit && !ShippedChanges.isCommitId(dora.commit)) {
        error("canaryRollout: ${ShippedChanges.invalidCommit('dora.commit', dora.commit)}")
    }
    if (!args.spec && (!args.deployment || !args.image)) {
        error('canaryRollout: give spec (a rollout YAML in the workspace), or at least deployment and image')
    }
    String strategy = (args.strategy ?: 'canary').toString()
    if (!(strategy in ['canary', 'bluegreen', 'rolling'])) {
        error("canaryRollout: strategy '${strategy}' is not one of canary, bluegreen, rolling")
    }
    if (args.promotion != null && args.promotion != 'input') {
        error("canaryRollout: promotion '${args.promotion}' is not known; promotion: 'input' asks on the build " +
                'page at each pause with no duration')
    }
    Map limit = args.timeout ? CicdCli.timeoutOf(this, 'canaryRollout', 'timeout', args.timeout) : null
    String resultFile = cli.file('rollout-result.json')
    List engineWords = [strategy] + rolloutArguments(args) + ['--json', resultFile]
    if (limit) {
        // Installing the engine on a fresh agent does not count against the rollout's time.
        int found = cli.findEngine()
        if (found != 0) {
            return cli.fail(cli.errorMessage(found, 'engine'))
        }
    }
    Map target = args.promotion ? rolloutName(args) : [:]
    int code = RolloutCredentials.with(this, args) {
        // Inside the bindings: finding the changes shipped asks the DORA store for the last deployment.
        List words = engineWords + doraArguments(cli, args)
        return cli.runWithin(limit, {
            return args.promotion ? Promotion.run(this, cli, target.name, target.namespace, { cli.run(words) })
                    : cli.run(words)
        }, {
            Map stopped = cli.readResult(resultFile)
            echo(stopped.phase ? "canaryRollout: stopped by Jenkins: ${stopped.namespace}/${stopped.name} " +
                    "${stopped.phase}: ${describe(stopped)}" : 'canaryRollout: stopped by Jenkins before the engine ' +
                    'wrote its result; cicd status shows where the rollout stands')
        })
    }
    Map result = cli.readResult(resultFile)
    if (code == 0) {
        echo("canaryRollout: ${result.namespace}/${result.name} ${result.phase} (${result.image}) after ${result.durationSeconds} s")
        return result
    }
    if (code == 1 && result.phase) {
        return cli.fail("${result.namespace}/${result.name} ${result.phase}: ${describe(result)}", result)
    }
    return cli.fail(cli.errorMessage(code, strategy), result)
}

/** The rollout's name and namespace, as the engine names its record: from the arguments or the spec. */
private Map rolloutName(Map args) {
    Map spec = args.spec ? readYaml(file: args.spec.toString()) as Map : args
    return [name: (spec.name ?: spec.deployment).toString(), namespace: (spec.namespace ?: 'default').toString()]
}

/**
 * What the engine cannot know when it records the deployment in DORA: the commit deployed (dora.commit, else
 * GIT_COMMIT, else HEAD of the workspace) and the commit times of the changes shipped since the service's last
 * successful deployment to the environment. Nothing when the engine will not record; --no-dora for dora: false.
 */
private List doraArguments(CicdCli cli, Map args) {
    if (!DoraArguments.recording(this, args)) {
        return DoraArguments.options(args, [:])
    }
    Map dora = args.dora instanceof Map ? args.dora as Map : [:]
    Map spec = args.spec ? readYaml(file: args.spec.toString()) as Map : [:]
    String service = (dora.service ?: (args.spec ? spec.deployment : args.deployment)).toString()
    String environment = (dora.environment ?: (args.spec ? spec.namespace : args.namespace) ?: 'default').toString()
    boolean inGit = sh(script: 'git rev-parse --git-dir > /dev/null 2>&1', returnStatus: true) == 0
    String head = dora.commit ?: env.GIT_COMMIT
    if (!head && inGit) {
        head = sh(script: 'git rev-parse HEAD', returnStdout: true).trim()
    }
    if (head && !ShippedChanges.isCommitId(head)) {
        error("canaryRollout: ${ShippedChanges.invalidCommit(dora.commit ? 'dora.commit' : 'GIT_COMMIT', head)}")
    }
    if (!head) {
        error('canaryRollout: recording the deployment in DORA needs the commit deployed: give dora: [commit: …], ' +
                'set GIT_COMMIT or run in a git checkout (dora: false records nothing)')
    }
    List<String> options = ['--dora-service', service, '--dora-env', environment, '--dora-commit', head.toString()] +
            DoraArguments.options(args, [team: '--dora-team', version: '--dora-version'])
    List<String> commitTimes = []
    if (inGit && sh(script: 'git cat-file -e --end-of-options ' + CicdCli.quote(head + '^{commit}'),
            returnStatus: true) == 0) {
        Map last = ShippedChanges.lastDeployedCommit(cli, service, environment, null, [])
        if (last.error) {
            echo("canaryRollout: DORA: the last deployment is unknown (${last.error}); counting only ${head}")
        }
        commitTimes = ShippedChanges.commitTimesSince(this, 'canaryRollout', last.commit, head.toString())
    } else {
        echo("canaryRollout: DORA: commit ${head} is not in this workspace's git history; its changes are recorded " +
                'without commit times, so they count for no lead time')
    }
    if (commitTimes) {
        options += ['--dora-commit-times-file',
                ShippedChanges.writeCommitTimes(this, cli.file('dora-commit-times.txt'), commitTimes)]
    }
    return options
}

/** The command line for the spec's fields; secrets never go here (they come from withCredentials). */
@NonCPS
private static List rolloutArguments(Map args) {
    List cli = []
    if (args.spec) {
        cli += ['--spec', args.spec]
    }
    Map flags = [name: '--name', namespace: '--namespace', deployment: '--deployment', container: '--container',
                 image: '--image', service: '--service', interval: '--interval', failureLimit: '--failure-limit',
                 inconclusiveLimit: '--inconclusive-limit', onInconclusive: '--on-inconclusive', router: '--router',
                 virtualService: '--virtual-service', httpRoute: '--http-route', ingress: '--ingress',
                 stableService: '--stable-service', canaryService: '--canary-service',
                 activeService: '--active-service', previewService: '--preview-service',
                 autoPromotionSeconds: '--auto-promotion-seconds', scaleDownDelaySeconds: '--scale-down-delay-seconds',
                 maxSurge: '--max-surge', maxUnavailable: '--max-unavailable', prometheusUrl: '--prometheus-url',
                 progressDeadline: '--progress-deadline', auditLog: '--audit-log', latencyJudge: '--latency-judge',
                 onInterrupt: '--on-interrupt']
    flags.each { key, flag ->
        if (args[key] != null) {
            cli += [flag, args[key].toString()]
        }
    }
    if (args.steps != null) {
        cli += ['--steps', steps(args.steps)]
    }
    (args.checks ?: []).each { cli += ['--check', it.toString()] }
    if (args.autoPromotion == false) {
        cli += ['--no-auto-promotion']
    }
    if (args.defaultJudge == false) {
        cli += ['--no-default-judge']
    }
    return cli
}

/** Steps as a list of maps ([setWeight: 5], [pause: '15m'], [pause: null]) or the CLI's own '5,pause=15m' text. */
@NonCPS
private static String steps(def steps) {
    if (!(steps instanceof List)) {
        return steps.toString()
    }
    return steps.collect { Map step ->
        if (step.containsKey('setWeight')) {
            return step.setWeight.toString()
        }
        return step.pause ? "pause=${step.pause}" : 'pause'
    }.join(',')
}

@NonCPS
private static String describe(Map result) {
    String by = result.actor && result.actor != 'cicd-manager' ? " by ${result.actor}" : ''
    if (result.trigger instanceof Map) {
        Map t = result.trigger
        return "${t.message ?: t.check} (check ${t.check}: ${t.value} against ${t.threshold})${by}"
    }
    return "${result.reason ?: result.message}${by}"
}
