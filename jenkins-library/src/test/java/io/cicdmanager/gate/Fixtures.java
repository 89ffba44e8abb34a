package io.cicdmanager.gate;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the committed report fixtures are, and reading one as a given kind. */
final class Fixtures {
    static final Path ROOT = Path.of("src/test/resources/fixtures").toAbsolutePath();

    private Fixtures() {
    }

    static Path path(String relative) {
        Path p = ROOT.resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("fixture missing: " + p);
        }
        return p;
    }

    static Measurements read(ReportKind kind, String relative) {
        return read(kind, relative, LicensePolicy.none());
    }

    static Measurements read(ReportKind kind, String relative, LicensePolicy policy) {
        return new ReportReader(policy).read(kind, path(relative), relative).measurements();
    }

    static ReportFormat format(ReportKind kind, String relative) {
        return new ReportReader(LicensePolicy.none()).read(kind, path(relative), relative).format();
    }
}
