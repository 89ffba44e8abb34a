package io.cicdmanager.gate;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a gate compares its metric's value with its threshold. */
public enum Comparison {
    AT_LEAST(">="), AT_MOST("<="), EQUAL("=="), LESS("<"), GREATER(">");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean holds(BigDecimal value, BigDecimal threshold) {
        int c = value.compareTo(threshold);
        return switch (this) {
            case AT_LEAST -> c >= 0;
            case AT_MOST -> c <= 0;
            case EQUAL -> c == 0;
            case LESS -> c < 0;
            case GREATER -> c > 0;
        };
    }

    public static Optional<Comparison> fromSymbol(String symbol) {
        return Arrays.stream(values()).filter(c -> c.symbol.equals(symbol.strip())).findFirst();
    }

    public static String symbols() {
        return Arrays.stream(values()).map(Comparison::symbol).collect(Collectors.joining(", "));
    }
}
