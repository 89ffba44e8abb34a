package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.InputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Commit times read from a file, one ISO-8601 time with an offset per line (blank lines are ignored): how a
 * deployment that ships thousands of changes passes their times without one enormous command-line argument,
 * which the operating system would refuse ("Argument list too long").
 */
final class CommitTimesFile {
    private static final IsoInstantConverter TIME = new IsoInstantConverter();
    /** A million changes, one time a line: far more than any deployment ships. */
    static final long LIMIT = 64L << 20;

    private CommitTimesFile() {
    }

    /** The times in {@code file} (relative to the working directory); a bad file is a usage error naming option. */
    static List<Instant> read(CliContext context, String option, String file) {
        if (file.isBlank()) {
            throw new UsageException(option + " is empty: give a file with one ISO-8601 time per line");
        }
        Path path = context.resolve(file);
        List<Instant> times = new ArrayList<>();
        try {
            InputFiles.checkSize(path, option + " " + file, LIMIT);
        } catch (ConfigException e) {
            throw e;
        } catch (IOException e) {
            // read below, which says what is wrong with it
        }
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String value = line.strip();
                if (value.isEmpty()) {
                    continue;
                }
                try {
                    times.add(TIME.convert(value));
                } catch (CommandLine.TypeConversionException e) {
                    throw new UsageException(option + " " + file + ", line " + number + ": " + e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            throw new UsageException(option + " " + file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new UsageException(option + " " + file + ": not a text file (UTF-8)");
        } catch (IOException e) {
            throw new UsageException(option + " " + file + ": cannot be read: " + e.getMessage());
        }
        return times;
    }
}
