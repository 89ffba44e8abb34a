package io.cicdmanager.dora;

/**
 * The four keys of one selection over one window. A key with no data has null values and a null tier, never a
 * tier made up from nothing.
 */
public record DoraReport(Selection selection, Window window, long deployments,
        DeploymentFrequency deploymentFrequency, LeadTime leadTime, ChangeFailureRate changeFailureRate,
        RecoveryTime recoveryTime) {

    /** Successful deployments per day over the window. */
    public record DeploymentFrequency(Double perDay, Tier tier, long successful) {
    }

    /** Deployment finish − commit time over every change successful deployments shipped. */
    public record LeadTime(Double medianHours, Double p90Hours, Tier tier, long changes) {
    }

    /** Deployments that failed, caused an incident or were restored ÷ all deployments. */
    public record ChangeFailureRate(Double percent, Tier tier, long failed, long deployments) {
    }

    /** Restore − finish of failed deployments; those not restored yet are counted apart. */
    public record RecoveryTime(Double medianHours, Tier tier, long restored, long unrestored) {
    }
}
