package io.cicdmanager.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Finds the changes a deployment ships, for DORA's lead time: the commits in the workspace from the service's last
 * successful deployment to the environment (as the DORA store knows it) up to the commit deployed, with their
 * committer times. The steps that record deployments (recordDora, canaryRollout) share it. Commit ids reach git
 * only once checked, and after --end-of-options, so no value can become a git option.
 */
class ShippedChanges implements Serializable {
    private static final long serialVersionUID = 1L

    /** Whether {@code value} is a commit id as git prints it (7 to 64 hexadecimal digits). */
    @NonCPS
    static boolean isCommitId(def value) {
        return value != null && value.toString() ==~ /[0-9a-fA-F]{7,64}/
    }

    /** Why {@code value} cannot be used as the commit deployed, or null. */
    @NonCPS
    static String invalidCommit(String argument, def value) {
        return isCommitId(value) ? null : "${argument} '${value}' is not a commit id (7 to 64 hexadecimal digits, " +
                "as git rev-parse prints)"
    }

    /**
     * The commit of the service's last successful deployment to the environment other than {@code excludedId}
     * (null for none), from {@code cicd dora last-deployment}: [commit: SHA or null] when the store answered, else
     * [error: the engine's message].
     */
    static Map lastDeployedCommit(CicdCli cli, String service, String environment, String excludedId,
            List<String> dbOption) {
        List<String> words = ['dora', 'last-deployment', '--service', service, '--env', environment]
        if (excludedId) {
            words += ['--exclude', excludedId]
        }
        Map answer = cli.runJson(words + ['-o', 'json'] + dbOption, cli.file('last-deployment.json'))
        if (answer.code != 0) {
            return [error: cli.errorMessage(answer.code as int, 'dora-last-deployment')]
        }
        def last = answer.json.deployment
        return [commit: last instanceof Map && last.commit ? last.commit.toString() : null]
    }

    /**
     * Commit times (ISO-8601 with offset) of the changes from {@code last} to {@code head}; only HEAD's for a first
     * deployment or when the last commit is not in this clone's history (a shallow clone, a rewritten branch).
     */
    static List<String> commitTimesSince(def script, String step, String last, String head) {
        String range = '-1 --end-of-options ' + CicdCli.quote(head)
        if (last && !isCommitId(last)) {
            script.echo("${step}: the last deployed commit '${last}' is not a commit id; counting only ${head}")
        } else if (last) {
            int known = script.sh(script: 'git cat-file -e --end-of-options ' + CicdCli.quote(last + '^{commit}'),
                    returnStatus: true)
            if (known == 0) {
                range = '--end-of-options ' + CicdCli.quote(last + '..' + head)
            } else {
                script.echo("${step}: the last deployed commit ${last} is not in this clone; counting only ${head}")
            }
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
