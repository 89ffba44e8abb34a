package io.cicdmanager.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Promotion from the Jenkins build page (canaryRollout's {@code promotion: 'input'}): beside the rollout, which
 * keeps analysing in its own sh step, a second branch watches the rollout record and, at each pause with no
 * duration, asks "Promote checkout 1.5.0 at 25 %?". The person who answers is the actor of the promote or abort
 * sent to the engine, on the record and in the audit. When the rollout ends while the question is open (the
 * analysis rolled it back, or an operator acted from a terminal), the question is withdrawn.
 */
class Promotion implements Serializable {
    private static final long serialVersionUID = 1L

    /** How the rollout branch ends the open question: failFast stops the branch waiting at the input. */
    static final String WITHDRAWN = 'the rollout ended while the promotion question was open'

    /** What the engine shows as the current step while it waits for a promote. */
    static final String AWAITING_STEP = 'pause until promoted'

    /** Runs {@code rollout} (which runs the engine and returns its exit code) with the question beside it. */
    static int run(def script, CicdCli cli, String name, String namespace, Closure rollout) {
        Map state = [done: false, asking: false, code: -1]
        try {
            script.parallel(failFast: true,
                    rollout: {
                        state.code = rollout()
                        state.done = true
                        if (state.asking) {
                            script.echo("${cli.step}: ${namespace}/${name} ended; withdrawing the promotion question")
                            script.error(WITHDRAWN)
                        }
                    },
                    promotion: {
                        ask(script, cli, name, namespace, state)
                    })
        } catch (e) {
            if (!state.done) {
                throw e
            }
        }
        return state.code as int
    }

    private static void ask(def script, CicdCli cli, String name, String namespace, Map state) {
        while (!state.done) {
            Map pause = [:]
            script.waitUntil(quiet: true) {
                if (state.done) {
                    return true
                }
                pause = awaitingPromotion(status(cli, name, namespace))
                return !pause.isEmpty()
            }
            if (state.done) {
                return
            }
            state.asking = true
            Map answer = script.input(id: "Promote${pause.stepIndex}",
                    message: "Promote ${name} ${pause.version} at ${pause.weight} %?", ok: 'Submit',
                    submitterParameter: 'approver',
                    parameters: [
                        script.choice(name: 'action', choices: ['Promote', 'Abort'],
                                description: 'Promote goes on to the next step; Abort rolls the release back.'),
                        script.string(name: 'reason', defaultValue: '',
                                description: 'Why (recorded with your name in the rollout record and the audit).')]) as Map
            state.asking = false
            if (state.done) {
                return
            }
            send(script, cli, name, namespace, answer)
            script.waitUntil(quiet: true) {
                return state.done || awaitingPromotion(status(cli, name, namespace)).stepIndex != pause.stepIndex
            }
        }
    }

    private static void send(def script, CicdCli cli, String name, String namespace, Map answer) {
        String action = answer.action == 'Abort' ? 'abort' : 'promote'
        String reason = answer.reason ?: "${action == 'abort' ? 'aborted' : 'promoted'} on the Jenkins build page"
        script.withEnv(["CICD_ACTOR=${answer.approver}", 'CICD_SOURCE=jenkins']) {
            int code = cli.run([action, name, '--namespace', namespace, '--reason', reason, '--wait', '30s'])
            if (code != 0) {
                script.echo("${cli.step}: ${action} by ${answer.approver} was not applied: " +
                        cli.errorMessage(code, action))
            }
        }
    }

    private static Map status(CicdCli cli, String name, String namespace) {
        return cli.runJson(['status', name, '--namespace', namespace, '-o', 'json'], cli.file('status.json')).json as Map
    }

    /** [stepIndex, weight, version] when the rollout waits at a pause with no duration, else [:]. */
    @NonCPS
    static Map awaitingPromotion(Map shown) {
        Map status = shown?.status instanceof Map ? shown.status as Map : null
        if (!status || status.phase != 'Progressing' || status.step != AWAITING_STEP) {
            return [:]
        }
        return [stepIndex: status.stepIndex, weight: status.setWeight, version: versionOf(status.release)]
    }

    /** The tag of an image ('registry.example/checkout:1.5.0' is '1.5.0'), or its short digest. */
    @NonCPS
    static String versionOf(def image) {
        String text = image?.toString() ?: ''
        int at = text.indexOf('@')
        if (at >= 0) {
            String digest = text.substring(at + 1)
            return digest.substring(digest.indexOf(':') + 1).take(12)
        }
        int colon = text.lastIndexOf(':')
        return colon > text.lastIndexOf('/') ? text.substring(colon + 1) : text
    }
}
