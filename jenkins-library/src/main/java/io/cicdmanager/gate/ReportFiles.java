package io.cicdmanager.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands the PATH of {@code --report KIND=PATH}: a plain path names one file; a glob ({@code *}, {@code ?},
 * {@code [..]}, {@code {a,b}}, {@code **} across directories) names every regular file it matches, in sorted order.
 */
public final class ReportFiles {
    private ReportFiles() {
    }

    /** A file to read and how messages name it (the path as given, or relative to the working directory). */
    public record Match(Path path, String name) {
    }

    public static boolean isGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    public static List<Match> expand(Path workingDir, String pattern) {
        if (!isGlob(pattern)) {
            return List.of(new Match(workingDir.resolve(pattern).normalize(), pattern));
        }
        String[] segments = pattern.split("/", -1);
        int firstGlob = 0;
        while (!isGlob(segments[firstGlob])) {
            firstGlob++;
        }
        String prefix = String.join("/", Arrays.copyOfRange(segments, 0, firstGlob));
        String rest = String.join("/", Arrays.copyOfRange(segments, firstGlob, segments.length));
        Path base;
        if (firstGlob == 0) {
            base = workingDir;
        } else if (prefix.isEmpty()) {
            base = workingDir.getRoot();
        } else {
            base = workingDir.resolve(prefix).normalize();
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : segments.length - firstGlob;
        Path root = base;
        List<Match> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, depth)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(root.relativize(p)))
                    .sorted()
                    .forEach(p -> out.add(new Match(p, display(workingDir, p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String display(Path workingDir, Path file) {
        return file.startsWith(workingDir) ? workingDir.relativize(file).toString() : file.toString();
    }
}
