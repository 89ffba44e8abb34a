package io.cicdmanager.jenkins

/**
 * Binds what a rollout step needs from Jenkins credentials as environment variables the cicd engine reads: the
 * kubeconfig file as KUBECONFIG and the Prometheus bearer token as PROMETHEUS_TOKEN. Never on a command line.
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
        if (bindings) {
            return script.withCredentials(bindings) { body() }
        }
        return body()
    }
}
