import com.cloudbees.groovy.cps.NonCPS
import io.cicdmanager.jenkins.CicdCli
import io.cicdmanager.jenkins.ShippedChanges

/**
 * Records this build's deployment of a service to an environment in the DORA store, with the commit times of
 * the changes it ships (from git log since the service's last successful deployment), and prints the service's
 * four keys. Meant for post { always { … } }. See recordDora.txt.
 */
def call(Map args = [:]) {
    List<String> known = ['service', 'environment', 'team', 'status', 'version', 'commit', 'id', 'db', 'started',
                          'by', 'pipelineUrl', 'failOnError']
    CicdCli.checkArguments(this, 'recordDora', args, known, ['service', 'environment'])
    String service = args.service.toString()
    String environment = args.environment.toString()
    boolean failOnError = args.containsKey('failOnError') ? args.failOnError as boolean : true
    String status = deploymentStatus(args.containsKey('status') ? args.status : currentBuild.currentResult)
    if (status == null) {
        error("recordDora: status '${args.status}' is not a build result; known: SUCCESS, UNSTABLE, FAILURE, " +
                'ABORTED, NOT_BUILT (or success, failure)')
    }
    List<String> dbOption = args.db ? ['--db', args.db.toString()] : []
    sh(script: 'mkdir -p .cicd', returnStatus: true)

    String head = args.commit ? args.commit.toString() : sh(script: 'git rev-parse HEAD', returnStdout: true).trim()
    String id = (args.id ?: defaultId(service, environment)).toString()
    Map last = ShippedChanges.lastDeployedCommit(this, service, environment, id, dbOption)
    if (last.error) {
        giveUp(failOnError, last.error)
    }
    List<String> commitTimes = ShippedChanges.commitTimesSince(this, 'recordDora', last.commit, head)

    List<String> record = ['dora', 'record', 'deployment',
                           '--id', id,
                           '--service', service, '--env', environment,
                           '--version', (args.version ?: head.take(12)).toString(),
                           '--commit', head, '--status', status] + dbOption
    if (commitTimes) {
        record += ['--commit-times-file',
                   ShippedChanges.writeCommitTimes(this, '.cicd/dora-commit-times.txt', commitTimes)]
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
    int code = CicdCli.run(this, record, '.cicd/dora-record.err')
    String outcome = code == 0 ? 'recorded' : (code == 1 ? 'conflict' : 'failed')
    if (code == 1) {
        echo('recordDora: this deployment id was already recorded with other content; the first record is kept')
    } else if (code != 0) {
        giveUp(failOnError, CicdCli.errorMessage(this, code, '.cicd/dora-record.err'))
        return [outcome: outcome, commits: commitTimes.size()]
    }

    List<String> report = ['dora', 'report', '--service', service, '--env', environment] + dbOption
    CicdCli.run(this, report, '.cicd/dora-report.err')
    int jsonCode = sh(script: CicdCli.executable(this) + ' ' + (report + ['-o', 'json']).collect { CicdCli.quote(it) }
            .join(' ') + ' > .cicd/dora-report.json 2> .cicd/dora-report.err', returnStatus: true)
    Map keys = jsonCode == 0 ? readJSON(file: '.cicd/dora-report.json') as Map : [:]
    return [outcome: outcome, commits: commitTimes.size(), keys: keys]
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

private void giveUp(boolean failOnError, String message) {
    if (failOnError) {
        error("recordDora: ${message}")
    }
    echo("recordDora: not recorded: ${message}")
}
