import com.cloudbees.groovy.cps.NonCPS
import io.cicdmanager.jenkins.CicdCli
import io.cicdmanager.jenkins.DoraArguments
import io.cicdmanager.jenkins.ShippedChanges

/**
 * Records this build's deployment of a service to an environment in the DORA store, with the commit times of
 * the changes it ships (from git log since the service's last successful deployment), and prints the service's
 * four keys. Meant for a finally block or post { always { … } }. See recordDora.txt.
 */
def call(Map args = [:]) {
    List<String> known = ['service', 'environment', 'team', 'status', 'version', 'commit', 'id', 'db', 'started',
                          'by', 'pipelineUrl']
    CicdCli cli = CicdCli.forStep(this, 'recordDora', args, known, ['service', 'environment'])
    String service = args.service.toString()
    String environment = args.environment.toString()
    String status = deploymentStatus(args.containsKey('status') ? args.status : currentBuild.currentResult)
    if (status == null) {
        error("recordDora: status '${args.status}' is not a build result; known: SUCCESS, UNSTABLE, FAILURE, " +
                'ABORTED, NOT_BUILT (or success, failure)')
    }
    if (args.commit && !ShippedChanges.isCommitId(args.commit)) {
        error("recordDora: ${ShippedChanges.invalidCommit('commit', args.commit)}")
    }
    String unshared = DoraArguments.unsharedStore(this, args.db)
    if (unshared) {
        return cli.fail(unshared, [outcome: 'failed'])
    }
    List<String> dbOption = args.db ? ['--db', args.db.toString()] : []

    String head = args.commit ? args.commit.toString() : sh(script: 'git rev-parse HEAD', returnStdout: true).trim()
    String id = (args.id ?: defaultId(service, environment)).toString()
    Map last = ShippedChanges.lastDeployedCommit(cli, service, environment, id, dbOption)
    if (last.error) {
        if (cli.failOnError) {
            return cli.fail(last.error, [outcome: 'failed'])
        }
        // Still worth recording: the store may only have failed to answer this one question.
        echo("recordDora: the last deployment is unknown (${last.error}); counting only ${head}")
    }
    List<String> commitTimes = ShippedChanges.commitTimesSince(this, 'recordDora', last.commit, head)

    List<String> record = ['dora', 'record', 'deployment',
                           '--id', id,
                           '--service', service, '--env', environment,
                           '--version', (args.version ?: head.take(12)).toString(),
                           '--commit', head, '--status', status] + dbOption
    if (commitTimes) {
        record += ['--commit-times-file',
                   ShippedChanges.writeCommitTimes(this, cli.file('commit-times.txt'), commitTimes)]
    }
    if (args.team) {
        record += ['--team', args.team.toString()]
    }
    if (args.started) {
        record += ['--started', args.started.toString()]
    }
    String by = args.by ?: env.BUILD_USER_ID
    if (by) {
        record += ['--by', by.toString()]
    }
    String pipelineUrl = args.pipelineUrl ?: env.BUILD_URL
    if (pipelineUrl) {
        record += ['--pipeline-url', pipelineUrl.toString()]
    }
    int code = cli.run(record)
    if (code == 1) {
        echo('recordDora: this deployment id was already recorded with other content; the first record is kept')
    } else if (code != 0) {
        return cli.fail(cli.errorMessage(code, 'dora-record-deployment'), [outcome: 'failed', commits: commitTimes.size()])
    }
    // One report: its table goes to the log, its JSON becomes the result's keys.
    String keysFile = cli.file('dora-report.json')
    cli.run(['dora', 'report', '--service', service, '--env', environment, '--json', keysFile] + dbOption)
    return [outcome: code == 0 ? 'recorded' : 'conflict', commits: commitTimes.size(), keys: cli.readResult(keysFile)]
}

/** Jenkins' build results, and the CLI's own words, as a deployment status; null for anything else. */
@NonCPS
String deploymentStatus(def result) {
    switch (result?.toString()?.toUpperCase()) {
        case 'SUCCESS':
        case 'UNSTABLE': // deployed; only tests or gates that do not block were unhappy
            return 'success'
        case 'FAILURE':
        case 'ABORTED':
        case 'NOT_BUILT':
            return 'failure'
        default:
            return null
    }
}

private String defaultId(String service, String environment) {
    String build = env.BUILD_URL ?: "${env.JOB_NAME}/${env.BUILD_NUMBER}"
    return "${build}#${service}@${environment}"
}
