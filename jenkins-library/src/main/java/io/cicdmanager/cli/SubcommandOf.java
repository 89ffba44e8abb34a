package io.cicdmanager.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a command that another module adds ({@link Cicd#execute(CliContext, java.util.List, String...)}'s extra
 * commands) under an existing command instead of at the top: {@code @SubcommandOf("bench")} makes the terminal's
 * {@code cicd bench ssh}, next to the engine's own benchmarks.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SubcommandOf {
    /** The name of the top-level command to add it to. */
    String value();
}
