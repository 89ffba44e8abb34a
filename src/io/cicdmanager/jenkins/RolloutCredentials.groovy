package io.cicdmanager.jenkins

/**
 * Binds what a rollout step needs from Jenkins credentials as environment variables the cicd engine reads: the
 * kubeconfig file as KUBECONFIG, the Prometheus bearer token as PROMETHEUS_TOKEN, and the DORA store's user and
 * password as CICD_DORA_DB_USER and CICD_DORA_DB_PASSWORD, with the store itself as CICD_DORA_DB. Never on a
 * command line.
 */
class RolloutCredentials implements Serializable {
    private static final long serialVersionUID = 1L

    static def with(def script, Map args, Closure body) {
        List bindings = []
        if (args.kubeconfigCredentialsId) {
            bindings << script.file(credentialsId: args.kubeconfigCredentialsId, variable: 'KUBECONFIG')
        }
        if (args.prometheusCredentialsId) {
            bindings << script.string(credentialsId: args.prometheusCredentialsId, variable: 'PROMETHEUS_TOKEN')
        }
        Map dora = args.dora instanceof Map ? args.dora as Map : [:]
        if (dora.credentialsId) {
            bindings << script.usernamePassword(credentialsId: dora.credentialsId,
                    usernameVariable: 'CICD_DORA_DB_USER', passwordVariable: 'CICD_DORA_DB_PASSWORD')
        }
        Closure bound = bindings ? { script.withCredentials(bindings) { body() } } : body
        if (dora.db) {
            return script.withEnv(["CICD_DORA_DB=${dora.db}".toString()]) { bound() }
        }
        return bound()
    }
}
