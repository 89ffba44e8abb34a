package io.cicdmanager.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits an {@code sh} script the way a POSIX shell splits one simple command: single and double quotes,
 * backslash escapes, {@code $VAR} and {@code ${VAR}} from the environment, and the redirections {@code > file}
 * and {@code 2> file}. Enough for the command lines the steps build; anything else is refused loudly so a test
 * never silently runs a different command than a real agent would.
 */
record ShellWords(List<String> words, String stdoutFile, String stderrFile) {

    static ShellWords parse(String script, Map<String, String> env) {
        List<String> words = new ArrayList<>();
        String stdout = null;
        String stderr = null;
        String pendingRedirect = null;
        StringBuilder word = null;
        int i = 0;
        String s = script.trim();
        while (i <= s.length()) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            boolean atEnd = i == s.length();
            if (Character.isWhitespace(c) || atEnd) {
                if (word != null) {
                    String w = word.toString();
                    if (pendingRedirect != null) {
                        if (pendingRedirect.equals("1")) {
                            stdout = w;
                        } else {
                            stderr = w;
                        }
                        pendingRedirect = null;
                    } else {
                        words.add(w);
                    }
                    word = null;
                }
                i++;
                continue;
            }
            if (word == null && (c == '>' || (c == '2' && i + 1 < s.length() && s.charAt(i + 1) == '>'))) {
                pendingRedirect = c == '>' ? "1" : "2";
                i += c == '>' ? 1 : 2;
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            switch (c) {
                case '\'' -> {
                    int end = s.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated single quote in: " + script);
                    }
                    word.append(s, i + 1, end);
                    i = end + 1;
                }
                case '"' -> {
                    i++;
                    while (i < s.length() && s.charAt(i) != '"') {
                        char d = s.charAt(i);
                        if (d == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
                            word.append(s.charAt(i + 1));
                            i += 2;
                        } else if (d == '$') {
                            i = expand(s, i, env, word);
                        } else {
                            word.append(d);
                            i++;
                        }
                    }
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("unterminated double quote in: " + script);
                    }
                    i++;
                }
                case '\\' -> {
                    if (i + 1 < s.length()) {
                        word.append(s.charAt(i + 1));
                    }
                    i += 2;
                }
                case '$' -> i = expand(s, i, env, word);
                case '|', '&', ';', '<', '`', '(', ')' -> throw new IllegalArgumentException(
                        "the test harness runs simple commands only; got '" + c + "' in: " + script);
                default -> {
                    word.append(c);
                    i++;
                }
            }
        }
        if (pendingRedirect != null) {
            throw new IllegalArgumentException("redirection without a file in: " + script);
        }
        return new ShellWords(List.copyOf(words), stdout, stderr);
    }

    private static int expand(String s, int dollar, Map<String, String> env, StringBuilder word) {
        int i = dollar + 1;
        String name;
        if (i < s.length() && s.charAt(i) == '{') {
            int end = s.indexOf('}', i);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated ${ in: " + s);
            }
            name = s.substring(i + 1, end);
            i = end + 1;
        } else {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            name = s.substring(start, i);
        }
        if (name.isEmpty()) {
            word.append('$');
        } else {
            word.append(env.getOrDefault(name, ""));
        }
        return i;
    }
}
