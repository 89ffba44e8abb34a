package io.cicdmanager.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Finds the changes a deployment ships, for DORA's lead time: the commits in the workspace from the service's last
 * successful deployment to the environment (as the DORA store knows it) up to the commit deployed, with their
 * committer times. The steps that record deployments (recordDora, canaryRollout) share it.
 */
class ShippedChanges implements Serializable {
    private static final long serialVersionUID = 1L

    /**
     * The commit of the service's last successful deployment to the environment other than {@code excludedId}
     * (null for none), from {@code cicd dora last-deployment}: [commit: SHA or null] when the store answered, else
     * [error: the engine's message].
     */
    static Map lastDeployedCommit(def script, String service, String environment, String excludedId,
            List<String> dbOption) {
        List<String> words = ['dora', 'last-deployment', '--service', service, '--env', environment]
        if (excludedId) {
            words += ['--exclude', excludedId]
        }
        words += ['-o', 'json'] + dbOption
        script.writeFile(file: '.cicd/dora-last.err', text: '') // the redirects' directory must exist
        int code = script.sh(script: CicdCli.executable(script) + ' ' + words.collect { CicdCli.quote(it) }.join(' ') +
                ' > .cicd/dora-last.json 2> .cicd/dora-last.err', returnStatus: true)
        if (code != 0) {
            return [error: CicdCli.errorMessage(script, code, '.cicd/dora-last.err')]
        }
        Map last = script.readJSON(file: '.cicd/dora-last.json') as Map
        return [commit: last.deployment ? last.deployment.commit?.toString() : null]
    }

    /**
     * Commit times (ISO-8601 with offset) of the changes from {@code last} to {@code head}; only HEAD's for a first
     * deployment or when the last commit is not in this clone's history (a shallow clone, a rewritten branch).
     */
    static List<String> commitTimesSince(def script, String step, String last, String head) {
        String range
        if (last) {
            int known = script.sh(script: "git cat-file -e ${CicdCli.quote(last + '^{commit}')}", returnStatus: true)
            if (known == 0) {
                range = CicdCli.quote(last + '..' + head)
            } else {
                script.echo("${step}: the last deployed commit ${last} is not in this clone; counting only ${head}")
                range = '-1 ' + CicdCli.quote(head)
            }
        } else {
            range = '-1 ' + CicdCli.quote(head)
        }
        String log = script.sh(script: "git log --format='%H %cI' ${range}", returnStdout: true)
        return commitTimesOf(log)
    }

    /**
     * Writes commit times to {@code file} in the workspace, one per line, and returns its name: the CLI reads them
     * with --commit-times-file (or --dora-commit-times-file), as one command-line argument cannot hold thousands.
     */
    static String writeCommitTimes(def script, String file, List<String> times) {
        script.writeFile(file: file, text: linesOf(times))
        return file
    }

    @NonCPS
    static String linesOf(List<String> times) {
        return times.collect { it + '\n' }.join('')
    }

    @NonCPS
    static List<String> commitTimesOf(String gitLog) {
        return gitLog.readLines().findAll { it.trim() }.collect { it.trim().split(' ')[1] }
    }
}
