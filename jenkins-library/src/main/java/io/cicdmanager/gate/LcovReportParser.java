package io.cicdmanager.gate;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads an LCOV tracefile (lcov, coverage.py, c8/istanbul, grcov): per record the {@code DA} and {@code BRDA}
 * entries are counted; a record's {@code LF/LH} and {@code BRF/BRH} summaries are used only when it lists no
 * entries. A record cut off before {@code end_of_record} is an error: a truncated file never passes.
 */
final class LcovReportParser {
    private LcovReportParser() {
    }

    static Measurements parse(InputStream in, String file) {
        Record record = null;
        long lineCovered = 0;
        long lineTotal = 0;
        long branchCovered = 0;
        long branchTotal = 0;
        int records = 0;
        int lineNumber = 0;
        try {
            Lines lines = new Lines(new BufferedInputStream(in, 1 << 16));
            String line;
            while ((line = lines.next(file, lineNumber + 1)) != null) {
                lineNumber++;
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                if (text.equals("end_of_record")) {
                    if (record == null) {
                        throw ReportException.at(file, lineNumber, 0, "end_of_record without a record");
                    }
                    lineCovered += record.lineCovered();
                    lineTotal += record.lineTotal();
                    branchCovered += record.branchCovered();
                    branchTotal += record.branchTotal();
                    records++;
                    record = null;
                    continue;
                }
                int colon = text.indexOf(':');
                if (colon <= 0) {
                    throw ReportException.at(file, lineNumber, 0, "'" + abbreviate(text) + "' is not an LCOV entry");
                }
                String key = text.substring(0, colon);
                String value = text.substring(colon + 1);
                if (key.equals("SF")) {
                    record = new Record();
                    continue;
                }
                if (record == null) {
                    if (key.equals("TN") || key.equals("VER")) {
                        continue;
                    }
                    throw ReportException.at(file, lineNumber, 0, key + ": outside a record (no SF: before it)");
                }
                record.read(key, value, file, lineNumber);
            }
        } catch (IOException e) {
            throw ReportException.at(file, lineNumber, 0, "cannot read: " + e.getMessage());
        }
        if (record != null) {
            throw ReportException.at(file, lineNumber, 0, "truncated: the last record has no end_of_record");
        }
        if (records == 0) {
            throw ReportException.at(file, 0, 0, "no LCOV records (SF: ... end_of_record)");
        }
        return new Measurements.Coverage(lineCovered, lineTotal, branchCovered, branchTotal);
    }

    /**
     * Splits bytes into lines and decodes each on its own, so that bad UTF-8 is reported on the line it is on
     * (a reader decoding ahead in blocks would blame the first line).
     */
    private static final class Lines {
        private final InputStream in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private byte[] buffer = new byte[256];

        Lines(InputStream in) {
            this.in = in;
        }

        String next(String file, int lineNumber) throws IOException {
            int length = 0;
            boolean ascii = true;
            int b = in.read();
            if (b == -1) {
                return null;
            }
            while (b != -1 && b != '\n') {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                buffer[length++] = (byte) b;
                ascii &= b < 0x80;
                b = in.read();
            }
            if (ascii) {
                return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
            }
            try {
                return decoder.decode(ByteBuffer.wrap(buffer, 0, length)).toString();
            } catch (CharacterCodingException e) {
                throw ReportException.at(file, lineNumber, 0, "not UTF-8 text");
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    /** The counts of one source file's record. */
    private static final class Record {
        long daTotal;
        long daCovered;
        long brdaTotal;
        long brdaCovered;
        long lf = -1;
        long lh = -1;
        long brf = -1;
        long brh = -1;

        void read(String key, String value, String file, int line) {
            switch (key) {
                case "DA" -> {
                    String[] parts = value.split(",");
                    requireParts(parts, 2, key, file, line);
                    number(parts[0], key, file, line);
                    daTotal++;
                    if (number(parts[1], key, file, line) > 0) {
                        daCovered++;
                    }
                }
                case "BRDA" -> {
                    String[] parts = value.split(",");
                    requireParts(parts, 4, key, file, line);
                    brdaTotal++;
                    if (!parts[3].equals("-") && number(parts[3], key, file, line) > 0) {
                        brdaCovered++;
                    }
                }
                case "LF" -> lf = number(value, key, file, line);
                case "LH" -> lh = number(value, key, file, line);
                case "BRF" -> brf = number(value, key, file, line);
                case "BRH" -> brh = number(value, key, file, line);
                default -> {
                    // TN, FN, FNDA, FNF, FNH, FNL, FNA, VER: functions and names, not gated
                }
            }
        }

        long lineTotal() {
            return daTotal > 0 || lf < 0 ? daTotal : lf;
        }

        long lineCovered() {
            return daTotal > 0 || lh < 0 ? daCovered : lh;
        }

        long branchTotal() {
            return brdaTotal > 0 || brf < 0 ? brdaTotal : brf;
        }

        long branchCovered() {
            return brdaTotal > 0 || brh < 0 ? brdaCovered : brh;
        }

        private static void requireParts(String[] parts, int n, String key, String file, int line) {
            if (parts.length < n) {
                throw ReportException.at(file, line, 0, key + ": needs " + n + " comma-separated fields");
            }
        }

        private static long number(String text, String key, String file, int line) {
            try {
                // Some tools write hit counts as 1.0e+03; a fraction of a hit is still a hit.
                return (long) Math.ceil(Double.parseDouble(text.trim()));
            } catch (NumberFormatException e) {
                throw ReportException.at(file, line, 0, key + ": '" + text + "' is not a number");
            }
        }
    }
}
