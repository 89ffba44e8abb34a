package io.cicdmanager.dora;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The 2024 clusters and the rule for values between them, at each boundary. */
class TierTest {
    @Test
    void deploymentFrequency() {
        assertThat(Tier.ofDeploymentFrequency(3)).isEqualTo(Tier.ELITE);
        assertThat(Tier.ofDeploymentFrequency(1.01)).isEqualTo(Tier.ELITE);
        assertThat(Tier.ofDeploymentFrequency(1)).isEqualTo(Tier.HIGH);
        assertThat(Tier.ofDeploymentFrequency(1.0 / 7)).isEqualTo(Tier.HIGH);
        assertThat(Tier.ofDeploymentFrequency(0.14)).isEqualTo(Tier.MEDIUM);
        assertThat(Tier.ofDeploymentFrequency(1.0 / 30)).isEqualTo(Tier.MEDIUM);
        assertThat(Tier.ofDeploymentFrequency(0.03)).isEqualTo(Tier.LOW);
        assertThat(Tier.ofDeploymentFrequency(0)).isEqualTo(Tier.LOW);
    }

    @Test
    void leadTime() {
        assertThat(Tier.ofLeadTime(23.9)).isEqualTo(Tier.ELITE);
        assertThat(Tier.ofLeadTime(24)).isEqualTo(Tier.HIGH);
        assertThat(Tier.ofLeadTime(167.9)).isEqualTo(Tier.HIGH);
        assertThat(Tier.ofLeadTime(168)).isEqualTo(Tier.MEDIUM);
        assertThat(Tier.ofLeadTime(719)).isEqualTo(Tier.MEDIUM);
        assertThat(Tier.ofLeadTime(720)).isEqualTo(Tier.LOW);
        assertThat(Tier.ofLeadTime(24 * 365)).isEqualTo(Tier.LOW);
    }

    @Test
    void changeFailureRateTakesTheNearestClusterAndATieGoesToTheWorse() {
        assertThat(Tier.ofChangeFailureRate(0)).isEqualTo(Tier.ELITE);
        assertThat(Tier.ofChangeFailureRate(7.49)).isEqualTo(Tier.ELITE);
        assertThat(Tier.ofChangeFailureRate(7.5)).isEqualTo(Tier.MEDIUM);
        assertThat(Tier.ofChangeFailureRate(10)).isEqualTo(Tier.MEDIUM);
        assertThat(Tier.ofChangeFailureRate(15)).isEqualTo(Tier.MEDIUM);
        assertThat(Tier.ofChangeFailureRate(15.01)).isEqualTo(Tier.HIGH);
        assertThat(Tier.ofChangeFailureRate(29.99)).isEqualTo(Tier.HIGH);
        assertThat(Tier.ofChangeFailureRate(30)).isEqualTo(Tier.LOW);
        assertThat(Tier.ofChangeFailureRate(100)).isEqualTo(Tier.LOW);
    }

    @Test
    void recoveryTimeGoesToTheWorseNeighbourInTheGapBetweenADayAndAWeek() {
        assertThat(Tier.ofRecoveryTime(0)).isEqualTo(Tier.ELITE);
        assertThat(Tier.ofRecoveryTime(0.99)).isEqualTo(Tier.ELITE);
        assertThat(Tier.ofRecoveryTime(1)).isEqualTo(Tier.HIGH);
        assertThat(Tier.ofRecoveryTime(23.9)).isEqualTo(Tier.HIGH);
        assertThat(Tier.ofRecoveryTime(24)).isEqualTo(Tier.LOW);
        assertThat(Tier.ofRecoveryTime(100)).isEqualTo(Tier.LOW);
        assertThat(Tier.ofRecoveryTime(24 * 60)).isEqualTo(Tier.LOW);
    }

    @Test
    void ranksAndLabels() {
        assertThat(Tier.ELITE.rank()).isEqualTo(4);
        assertThat(Tier.LOW.rank()).isEqualTo(1);
        assertThat(Tier.MEDIUM.label()).isEqualTo("medium");
    }
}
