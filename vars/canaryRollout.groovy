import io.cicdmanager.jenkins.CicdCli
import io.cicdmanager.jenkins.DoraArguments
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
                          'dora']
    CicdCli.checkArguments(this, 'canaryRollout', args, known)
    DoraArguments.check(this, 'canaryRollout', args, ['db', 'credentialsId', 'service', 'environment', 'team',
                                                      'version', 'commit'])
    if (!args.spec && (!args.deployment || !args.image)) {
        error('canaryRollout: give spec (a rollout YAML in the workspace), or at least deployment and image')
    }
    String strategy = (args.strategy ?: 'canary').toString()
    if (!(strategy in ['canary', 'bluegreen', 'rolling'])) {
        error("canaryRollout: strategy '${strategy}' is not one of canary, bluegreen, rolling")
    }
    String resultFile = '.cicd/rollout-result.json'
    String errorFile = '.cicd/rollout-errors.txt'
    List cli = [strategy] + rolloutArguments(args) + ['--json', resultFile]
    int code = RolloutCredentials.with(this, args) {
        // Inside the bindings: finding the changes shipped asks the DORA store for the last deployment.
        CicdCli.run(this, cli + doraArguments(args), errorFile)
    }
    Map result = fileExists(resultFile) ? readJSON(file: resultFile) : [:]
    if (code == 0) {
        echo("canaryRollout: ${result.namespace}/${result.name} ${result.phase} (${result.image}) after ${result.durationSeconds} s")
        return result
    }
    if (code == 1 && result.phase) {
        error("canaryRollout: ${result.namespace}/${result.name} ${result.phase}: ${describe(result)}")
    }
    error("canaryRollout: ${CicdCli.errorMessage(this, code, errorFile)}")
}

/**
 * What the engine cannot know when it records the deployment in DORA: the commit deployed (dora.commit, else
 * GIT_COMMIT, else HEAD of the workspace) and the commit times of the changes shipped since the service's last
 * successful deployment to the environment. Nothing when the engine will not record; --no-dora for dora: false.
 */
private List doraArguments(Map args) {
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
    if (!head) {
        error('canaryRollout: recording the deployment in DORA needs the commit deployed: give dora: [commit: …], ' +
                'set GIT_COMMIT or run in a git checkout (dora: false records nothing)')
    }
    List<String> cli = ['--dora-service', service, '--dora-env', environment, '--dora-commit', head.toString()] +
            DoraArguments.options(args, [team: '--dora-team', version: '--dora-version'])
    List<String> commitTimes = []
    if (inGit && sh(script: "git cat-file -e ${CicdCli.quote(head + '^{commit}')}", returnStatus: true) == 0) {
        Map last = ShippedChanges.lastDeployedCommit(this, service, environment, null, [])
        if (last.error) {
            echo("canaryRollout: DORA: the last deployment is unknown (${last.error}); counting only ${head}")
        }
        commitTimes = ShippedChanges.commitTimesSince(this, 'canaryRollout', last.commit, head.toString())
    } else {
        echo("canaryRollout: DORA: commit ${head} is not in this workspace's git history; its changes are recorded " +
                'without commit times, so they count for no lead time')
    }
    if (commitTimes) {
        cli += ['--dora-commit-times-file',
                ShippedChanges.writeCommitTimes(this, '.cicd/dora-commit-times.txt', commitTimes)]
    }
    return cli
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
                 progressDeadline: '--progress-deadline', auditLog: '--audit-log', latencyJudge: '--latency-judge']
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
    if (result.trigger) {
        Map t = result.trigger
        return "${t.message ?: t.check} (check ${t.check}: ${t.value} against ${t.threshold})${by}"
    }
    return "${result.reason ?: result.message}${by}"
}
