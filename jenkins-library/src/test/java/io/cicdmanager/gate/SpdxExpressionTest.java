package io.cicdmanager.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpdxExpressionTest {
    private static final LicensePolicy DENY_GPL = new LicensePolicy(List.of("GPL-2.0-only", "GPL-3.0-only"), List.of());
    private static final LicensePolicy ALLOW_MIT = new LicensePolicy(List.of(), List.of("MIT", "Apache-2.0"));

    private static boolean ok(String expression, LicensePolicy policy) {
        return SpdxExpression.parse(expression).acceptableUnder(policy);
    }

    @Test
    void aChoiceIsAcceptableWhenOneSideIs() {
        assertThat(ok("(MIT OR WTFPL)", ALLOW_MIT)).isTrue();
        assertThat(ok("GPL-3.0-only OR MIT", DENY_GPL)).isTrue();
        assertThat(ok("GPL-3.0-only OR GPL-2.0-only", DENY_GPL)).isFalse();
    }

    @Test
    void aConjunctionNeedsBothSides() {
        assertThat(ok("MIT AND Apache-2.0", ALLOW_MIT)).isTrue();
        assertThat(ok("MIT AND WTFPL", ALLOW_MIT)).isFalse();
        assertThat(SpdxExpression.parse("MIT AND WTFPL AND BSD-3-Clause").offendingTerms(ALLOW_MIT))
                .containsExactly("WTFPL", "BSD-3-Clause");
    }

    @Test
    void andBindsTighterThanOrAndParenthesesOverrideIt() {
        // MIT OR (GPL AND BSD): MIT alone is enough
        assertThat(ok("MIT OR GPL-3.0-only AND BSD-3-Clause", DENY_GPL)).isTrue();
        // (MIT OR GPL) AND GPL-2.0: the second part is denied
        assertThat(ok("(MIT OR GPL-3.0-only) AND GPL-2.0-only", DENY_GPL)).isFalse();
        assertThat(SpdxExpression.parse("(MIT OR GPL-3.0-only) AND GPL-2.0-only").offendingTerms(DENY_GPL))
                .containsExactly("GPL-2.0-only");
        assertThat(SpdxExpression.parse("GPL-3.0-only OR GPL-2.0-only").offendingTerms(DENY_GPL))
                .containsExactly("GPL-3.0-only", "GPL-2.0-only");
    }

    @Test
    void withExceptionsAreJudgedByTheirLicenceUnlessListedWhole() {
        assertThat(ok("GPL-2.0-only WITH Classpath-exception-2.0", DENY_GPL)).isFalse();
        LicensePolicy classpathAllowed = new LicensePolicy(List.of("GPL-2.0-only"),
                List.of("GPL-2.0-only WITH Classpath-exception-2.0", "MIT"));
        assertThat(ok("GPL-2.0-only WITH Classpath-exception-2.0", classpathAllowed)).isTrue();
        assertThat(ok("gpl-2.0-only  with  classpath-exception-2.0", classpathAllowed)).isTrue();
        assertThat(ok("Apache-2.0 WITH LLVM-exception", ALLOW_MIT)).isTrue();
        assertThat(SpdxExpression.parse("GPL-2.0-only WITH Classpath-exception-2.0").offendingTerms(DENY_GPL))
                .containsExactly("GPL-2.0-only WITH Classpath-exception-2.0");
    }

    @Test
    void identifiersMatchCaseInsensitivelyAndOperatorsInEitherCase() {
        assertThat(ok("mit or wtfpl", ALLOW_MIT)).isTrue();
        assertThat(ok("LicenseRef-scancode-public-domain", LicensePolicy.none())).isTrue();
        assertThat(ok("GPL-2.0+", new LicensePolicy(List.of("gpl-2.0+"), List.of()))).isFalse();
    }

    @Test
    void malformedExpressionsSayWhatIsWrong() {
        assertThatThrownBy(() -> SpdxExpression.parse("")).hasMessage("the expression is empty");
        assertThatThrownBy(() -> SpdxExpression.parse("(MIT OR Apache-2.0")).hasMessage("ends where ')' was expected");
        assertThatThrownBy(() -> SpdxExpression.parse("MIT OR")).hasMessage("ends where a licence was expected");
        assertThatThrownBy(() -> SpdxExpression.parse("MIT Apache-2.0")).hasMessage("unexpected 'Apache-2.0'");
        assertThatThrownBy(() -> SpdxExpression.parse("AND MIT")).hasMessage("expected a licence, found 'AND'");
        assertThatThrownBy(() -> SpdxExpression.parse("MIT WITH")).hasMessage("ends where an exception after WITH was expected");
        assertThatThrownBy(() -> SpdxExpression.parse("MIT WITH OR")).hasMessage("expected an exception after WITH, found 'OR'");
        assertThatThrownBy(() -> SpdxExpression.parse("MIT / BSD")).hasMessage("'/' cannot appear in an SPDX expression");
        assertThatThrownBy(() -> SpdxExpression.parse("(MIT))")).hasMessage("unexpected ')'");
        assertThatThrownBy(() -> SpdxExpression.parse("(MIT Apache-2.0)")).hasMessage("missing ')'");
    }
}
