package io.cicdmanager.steps;

/** Quotes a word for a POSIX shell, as the library's steps do. */
final class ShellQuote {
    private ShellQuote() {
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
