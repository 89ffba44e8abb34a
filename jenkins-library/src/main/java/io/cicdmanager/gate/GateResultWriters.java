package io.cicdmanager.gate;

import io.cicdmanager.json.ObjectMappers;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Renders a {@link GateEvaluation} for its readers: JSON (the contract the Jenkins step and other tools read),
 * Markdown (a table for the build log or a pull-request comment), JUnit XML (one test case per gate, so Jenkins'
 * {@code junit} step shows the gates), and the plain-text summary {@code cicd gate} prints.
 */
public final class GateResultWriters {
    private GateResultWriters() {
    }

    // ---- JSON

    public static String json(GateEvaluation e) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("status", e.status().name());
        List<Map<String, Object>> gates = new ArrayList<>();
        for (GateResult g : e.gates()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", g.id());
            m.put("metric", g.metric());
            m.put("op", g.op());
            m.put("threshold", g.threshold());
            m.put("value", g.value());
            m.put("blocking", g.blocking());
            m.put("bypassable", g.bypassable());
            m.put("status", g.status().name());
            m.put("message", g.message());
            if (g.maxDrop() != null) {
                m.put("baseline", g.baseline());
                m.put("maxDrop", g.maxDrop());
            }
            if (g.bypass() != null) {
                m.put("bypass", Map.of("approvedBy", g.bypass().approvedBy(), "reason", g.bypass().reason()));
            }
            gates.add(m);
        }
        root.put("gates", gates);
        root.put("metrics", new TreeMap<>(e.metrics()));
        List<Map<String, Object>> reports = new ArrayList<>();
        for (GivenReports.KindReport r : e.reports()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", r.kind().id());
            m.put("files", r.files());
            m.put("formats", r.formats().stream().map(ReportFormat::displayName).sorted().toList());
            m.put("error", r.error());
            reports.add(m);
        }
        root.put("reports", reports);
        root.put("policy", e.policy());
        root.put("baseline", e.baseline());
        return ObjectMappers.json().writeValueAsString(root) + "\n";
    }

    // ---- Markdown

    public static String markdown(GateEvaluation e) {
        StringBuilder sb = new StringBuilder();
        sb.append("### Quality gate: ").append(icon(e.status())).append(' ').append(e.status()).append("\n\n");
        sb.append(headline(e)).append("\n\n");
        sb.append("| | Gate | Metric | Value | Rule | Blocking | Message |\n");
        sb.append("|---|---|---|---:|---|---|---|\n");
        for (GateResult g : e.gates()) {
            sb.append("| ").append(icon(g.status())).append(' ').append(g.status())
                    .append(" | ").append(cell(g.id()))
                    .append(" | `").append(g.metric()).append('`')
                    .append(" | ").append(g.value() == null ? "–" : GateResult.plain(g.value()))
                    .append(" | ").append(cell(g.rule()))
                    .append(" | ").append(g.blocking() ? "yes" : "no")
                    .append(" | ").append(cell(g.message())).append(" |\n");
        }
        if (!e.reports().isEmpty()) {
            sb.append("\nReports: ").append(e.reports().stream().map(GateResultWriters::reportLine)
                    .collect(Collectors.joining("; "))).append('\n');
        }
        return sb.toString();
    }

    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    private static String icon(GateEvaluation.Status s) {
        return switch (s) {
            case PASSED -> "✅";
            case UNSTABLE -> "⚠️";
            case FAILED -> "❌";
        };
    }

    private static String icon(GateStatus s) {
        return switch (s) {
            case PASSED -> "✅";
            case FAILED -> "❌";
            case BYPASSED -> "⏭️";
            case INACTIVE -> "➖";
        };
    }

    // ---- JUnit XML

    public static String junit(GateEvaluation e) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "quality-gate");
            xml.writeAttribute("tests", String.valueOf(e.gates().size()));
            xml.writeAttribute("failures", String.valueOf(e.withStatus(GateStatus.FAILED).size()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", String.valueOf(e.withStatus(GateStatus.INACTIVE).size()
                    + e.withStatus(GateStatus.BYPASSED).size()));
            xml.writeCharacters("\n");
            for (GateResult g : e.gates()) {
                xml.writeCharacters("  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "quality-gate");
                xml.writeAttribute("name", g.id() + " (" + g.metric() + " " + g.rule() + ")");
                xml.writeAttribute("time", "0");
                switch (g.status()) {
                    case FAILED -> {
                        xml.writeStartElement("failure");
                        xml.writeAttribute("message", g.message());
                        xml.writeAttribute("type", g.blocking() ? "blocking" : "non-blocking");
                        xml.writeCharacters(g.message());
                        xml.writeEndElement();
                    }
                    case INACTIVE, BYPASSED -> {
                        xml.writeEmptyElement("skipped");
                        xml.writeAttribute("message", g.status().name().toLowerCase(Locale.ROOT) + ": "
                                + g.message());
                    }
                    case PASSED -> {
                        xml.writeStartElement("system-out");
                        xml.writeCharacters(g.message());
                        xml.writeEndElement();
                    }
                }
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException ex) {
            throw new IllegalStateException("writing JUnit XML to memory failed", ex);
        }
        return out.toString();
    }

    // ---- plain text

    /** The summary for a terminal or a build log: one line per gate, inactive ones included. */
    public static String text(GateEvaluation e) {
        StringBuilder sb = new StringBuilder();
        sb.append("Quality gate ").append(e.status()).append(": ").append(headline(e)).append('\n');
        int idWidth = Math.max(4, e.gates().stream().mapToInt(g -> g.id().length()).max().orElse(4));
        int metricWidth = Math.max(6, e.gates().stream().mapToInt(g -> g.metric().length()).max().orElse(6));
        for (GateResult g : e.gates()) {
            sb.append(String.format(Locale.ROOT, "  %-8s %-" + idWidth + "s  %-" + metricWidth + "s  %s%s%n",
                    g.status(), g.id(), g.metric(), g.message(), g.blocking() ? "" : " [non-blocking]"));
        }
        for (GivenReports.KindReport r : e.reports()) {
            sb.append("  report ").append(reportLine(r)).append('\n');
        }
        return sb.toString();
    }

    /** "2 of 14 gates failed (coverage-line, tests-pass); 1 bypassed; 6 inactive". */
    static String headline(GateEvaluation e) {
        List<String> parts = new ArrayList<>();
        List<GateResult> failed = e.withStatus(GateStatus.FAILED);
        List<GateResult> passed = e.withStatus(GateStatus.PASSED);
        parts.add(passed.size() + " of " + e.gates().size() + " gates passed");
        if (!failed.isEmpty()) {
            parts.add(failed.size() + " failed (" + ids(failed) + ")");
        }
        List<GateResult> bypassed = e.withStatus(GateStatus.BYPASSED);
        if (!bypassed.isEmpty()) {
            parts.add(bypassed.size() + " bypassed (" + ids(bypassed) + ")");
        }
        List<GateResult> inactive = e.withStatus(GateStatus.INACTIVE);
        if (!inactive.isEmpty()) {
            parts.add(inactive.size() + " inactive (" + ids(inactive) + ")");
        }
        BigDecimal flaky = e.metrics().get("tests.flaky");
        if (flaky != null && flaky.signum() > 0) {
            parts.add(flaky + " flaky tests");
        }
        return String.join("; ", parts);
    }

    private static String ids(List<GateResult> gates) {
        return gates.stream().map(GateResult::id).collect(Collectors.joining(", "));
    }

    private static String reportLine(GivenReports.KindReport r) {
        String what = r.kind().id() + ": " + r.files().size() + (r.files().size() == 1 ? " file" : " files");
        if (!r.formats().isEmpty()) {
            what += " (" + r.formats().stream().map(ReportFormat::displayName).sorted()
                    .collect(Collectors.joining(", ")) + ")";
        }
        return r.ok() ? what : what + ", unreadable: " + r.error();
    }
}
