package io.cicdmanager.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SPDX licence expression ({@code MIT}, {@code (MIT OR Apache-2.0)}, {@code GPL-2.0-only WITH Classpath-exception-2.0
 * AND BSD-3-Clause}) parsed with the specification's precedence (WITH binds tighter than AND, AND than OR) and judged
 * against a {@link LicensePolicy}: a choice (OR) is acceptable when one side is, a conjunction (AND) when both are.
 */
public sealed interface SpdxExpression {

    boolean acceptableUnder(LicensePolicy policy);

    /** The licence terms that make this expression unacceptable, for a message. */
    List<String> offendingTerms(LicensePolicy policy);

    /** A licence identifier, a {@code LicenseRef-…}, or a {@code X WITH exception} term. */
    record Term(String licence, String exception) implements SpdxExpression {
        @Override
        public boolean acceptableUnder(LicensePolicy policy) {
            // The whole "X WITH Y" term may be listed on its own (allowing GPL-2.0 with the Classpath exception
            // while denying plain GPL-2.0); otherwise the licence decides.
            if (exception != null && policy.names(text())) {
                return policy.accepts(text());
            }
            return policy.accepts(licence);
        }

        @Override
        public List<String> offendingTerms(LicensePolicy policy) {
            return acceptableUnder(policy) ? List.of() : List.of(text());
        }

        public String text() {
            return exception == null ? licence : licence + " WITH " + exception;
        }
    }

    /** {@code left AND right}. */
    record And(SpdxExpression left, SpdxExpression right) implements SpdxExpression {
        @Override
        public boolean acceptableUnder(LicensePolicy policy) {
            return left.acceptableUnder(policy) && right.acceptableUnder(policy);
        }

        @Override
        public List<String> offendingTerms(LicensePolicy policy) {
            List<String> out = new ArrayList<>(left.offendingTerms(policy));
            out.addAll(right.offendingTerms(policy));
            return out;
        }
    }

    /** {@code left OR right}. */
    record Or(SpdxExpression left, SpdxExpression right) implements SpdxExpression {
        @Override
        public boolean acceptableUnder(LicensePolicy policy) {
            return left.acceptableUnder(policy) || right.acceptableUnder(policy);
        }

        @Override
        public List<String> offendingTerms(LicensePolicy policy) {
            if (acceptableUnder(policy)) {
                return List.of();
            }
            List<String> out = new ArrayList<>(left.offendingTerms(policy));
            out.addAll(right.offendingTerms(policy));
            return out;
        }
    }

    /** Parses an expression; throws {@link IllegalArgumentException} saying what is wrong with it. */
    static SpdxExpression parse(String text) {
        Parser p = new Parser(tokenize(text));
        SpdxExpression e = p.or();
        if (p.pos < p.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + p.tokens.get(p.pos) + "'");
        }
        return e;
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < text.length() && isIdChar(text.charAt(i))) {
                    i++;
                }
                if (start == i) {
                    throw new IllegalArgumentException("'" + c + "' cannot appear in an SPDX expression");
                }
                tokens.add(text.substring(start, i));
            }
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the expression is empty");
        }
        return tokens;
    }

    private static boolean isIdChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '+' || c == ':' || c == '_';
    }

    /** Recursive descent over: or := and (OR and)*; and := with (AND with)*; with := atom (WITH id)?. */
    final class Parser {
        private final List<String> tokens;
        private int pos;

        private Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        private SpdxExpression or() {
            SpdxExpression left = and();
            while (isOperator("OR")) {
                pos++;
                left = new Or(left, and());
            }
            return left;
        }

        private SpdxExpression and() {
            SpdxExpression left = with();
            while (isOperator("AND")) {
                pos++;
                left = new And(left, with());
            }
            return left;
        }

        private SpdxExpression with() {
            String token = next("a licence");
            if (token.equals("(")) {
                SpdxExpression inner = or();
                if (!next("')'").equals(")")) {
                    throw new IllegalArgumentException("missing ')'");
                }
                return inner;
            }
            if (token.equals(")") || isOperatorToken(token)) {
                throw new IllegalArgumentException("expected a licence, found '" + token + "'");
            }
            if (isOperator("WITH")) {
                pos++;
                String exception = next("an exception after WITH");
                if (exception.equals("(") || exception.equals(")") || isOperatorToken(exception)) {
                    throw new IllegalArgumentException("expected an exception after WITH, found '" + exception + "'");
                }
                return new Term(token, exception);
            }
            return new Term(token, null);
        }

        private boolean isOperator(String op) {
            return pos < tokens.size() && tokens.get(pos).toUpperCase(Locale.ROOT).equals(op);
        }

        private static boolean isOperatorToken(String token) {
            String t = token.toUpperCase(Locale.ROOT);
            return t.equals("AND") || t.equals("OR") || t.equals("WITH");
        }

        private String next(String expected) {
            if (pos >= tokens.size()) {
                throw new IllegalArgumentException("ends where " + expected + " was expected");
            }
            return tokens.get(pos++);
        }
    }
}
