package io.cicdmanager.dora;

import io.cicdmanager.json.ObjectMappers;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes reports as the table people read, the JSON the Jenkins step and other tools read, and CSV. */
public final class ReportWriter {
    private static final String NO_DATA = "no data";
    private static final List<String> CSV_HEADER = List.of("service", "environment", "team", "since", "until",
            "deployments", "deployments_per_day", "deployment_frequency_tier", "lead_time_median_hours",
            "lead_time_p90_hours", "lead_time_tier", "changes", "change_failure_rate_percent",
            "change_failure_rate_tier", "failed_deployments", "recovery_time_median_hours", "recovery_time_tier",
            "restored", "unrestored");

    private ReportWriter() {
    }

    /** The report's JSON object; keys with no data are null. */
    public static ObjectNode json(DoraReport report) {
        ObjectNode root = ObjectMappers.json().createObjectNode();
        ObjectNode selection = root.putObject("selection");
        selection.put("service", report.selection().service());
        selection.put("environment", report.selection().environment());
        selection.put("team", report.selection().team());
        ObjectNode window = root.putObject("window");
        window.put("since", report.window().since().toString());
        window.put("until", report.window().until().toString());
        window.put("days", round(report.window().days()));
        root.put("deployments", report.deployments());

        DoraReport.DeploymentFrequency frequency = report.deploymentFrequency();
        ObjectNode df = root.putObject("deploymentFrequency");
        df.put("perDay", round(frequency.perDay()));
        df.put("tier", tier(frequency.tier()));
        df.put("successful", frequency.successful());

        DoraReport.LeadTime lead = report.leadTime();
        ObjectNode lt = root.putObject("leadTime");
        lt.put("medianHours", round(lead.medianHours()));
        lt.put("p90Hours", round(lead.p90Hours()));
        lt.put("tier", tier(lead.tier()));
        lt.put("changes", lead.changes());

        DoraReport.ChangeFailureRate failure = report.changeFailureRate();
        ObjectNode cfr = root.putObject("changeFailureRate");
        cfr.put("percent", round(failure.percent()));
        cfr.put("tier", tier(failure.tier()));
        cfr.put("failed", failure.failed());
        cfr.put("deployments", failure.deployments());

        DoraReport.RecoveryTime recovery = report.recoveryTime();
        ObjectNode rt = root.putObject("recoveryTime");
        rt.put("medianHours", round(recovery.medianHours()));
        rt.put("tier", tier(recovery.tier()));
        rt.put("restored", recovery.restored());
        rt.put("unrestored", recovery.unrestored());
        return root;
    }

    public static void writeJson(List<DoraReport> reports, boolean asArray, PrintWriter out) {
        if (asArray) {
            ArrayNode array = ObjectMappers.json().createArrayNode();
            reports.forEach(r -> array.add(json(r)));
            out.println(ObjectMappers.json().writeValueAsString(array));
        } else {
            out.println(ObjectMappers.json().writeValueAsString(json(reports.get(0))));
        }
    }

    public static void writeCsv(List<DoraReport> reports, PrintWriter out) {
        out.println(String.join(",", CSV_HEADER));
        for (DoraReport r : reports) {
            List<String> row = new ArrayList<>();
            row.add(csv(r.selection().service()));
            row.add(csv(r.selection().environment()));
            row.add(csv(r.selection().team()));
            row.add(r.window().since().toString());
            row.add(r.window().until().toString());
            row.add(Long.toString(r.deployments()));
            row.add(number(r.deploymentFrequency().perDay()));
            row.add(tierOrEmpty(r.deploymentFrequency().tier()));
            row.add(number(r.leadTime().medianHours()));
            row.add(number(r.leadTime().p90Hours()));
            row.add(tierOrEmpty(r.leadTime().tier()));
            row.add(Long.toString(r.leadTime().changes()));
            row.add(number(r.changeFailureRate().percent()));
            row.add(tierOrEmpty(r.changeFailureRate().tier()));
            row.add(Long.toString(r.changeFailureRate().failed()));
            row.add(number(r.recoveryTime().medianHours()));
            row.add(tierOrEmpty(r.recoveryTime().tier()));
            row.add(Long.toString(r.recoveryTime().restored()));
            row.add(Long.toString(r.recoveryTime().unrestored()));
            out.println(String.join(",", row));
        }
    }

    public static void writeTable(List<DoraReport> reports, PrintWriter out) {
        for (int i = 0; i < reports.size(); i++) {
            if (i > 0) {
                out.println();
            }
            writeTable(reports.get(i), out);
        }
    }

    private static void writeTable(DoraReport r, PrintWriter out) {
        out.printf(Locale.ROOT, "DORA keys for service %s, environment %s, team %s%n", any(r.selection().service()),
                any(r.selection().environment()), r.selection().withoutTeam() ? "none" : any(r.selection().team()));
        out.printf(Locale.ROOT, "window %s to %s (%s days), %d deployments%n", r.window().since(), r.window().until(),
                number(r.window().days()), r.deployments());
        String format = "%-28s %-44s %s%n";
        out.printf(Locale.ROOT, format, "KEY", "VALUE", "TIER");
        DoraReport.DeploymentFrequency df = r.deploymentFrequency();
        out.printf(Locale.ROOT, format, "deployment frequency", df.perDay() == null ? NO_DATA
                : String.format(Locale.ROOT, "%s per day (%d successful)", number(df.perDay()), df.successful()),
                tier(df.tier(), NO_DATA));
        DoraReport.LeadTime lt = r.leadTime();
        out.printf(Locale.ROOT, format, "lead time for changes", lt.medianHours() == null ? NO_DATA
                : String.format(Locale.ROOT, "median %s, P90 %s (%d changes)", duration(lt.medianHours()),
                        duration(lt.p90Hours()), lt.changes()), tier(lt.tier(), NO_DATA));
        DoraReport.ChangeFailureRate cfr = r.changeFailureRate();
        out.printf(Locale.ROOT, format, "change failure rate", cfr.percent() == null ? NO_DATA
                : String.format(Locale.ROOT, "%s %% (%d of %d deployments)", number(cfr.percent()), cfr.failed(),
                        cfr.deployments()), tier(cfr.tier(), NO_DATA));
        DoraReport.RecoveryTime rt = r.recoveryTime();
        String recovery = rt.medianHours() == null
                ? NO_DATA + (rt.unrestored() > 0 ? " (" + rt.unrestored() + " not restored yet)" : "")
                : String.format(Locale.ROOT, "median %s (%d restored, %d not yet)", duration(rt.medianHours()),
                        rt.restored(), rt.unrestored());
        out.printf(Locale.ROOT, format, "failed deployment recovery", recovery, tier(rt.tier(), NO_DATA));
    }

    /** Minutes under an hour, hours under two days, days beyond: the unit a person reads at a glance. */
    static String duration(double hours) {
        if (hours < 1) {
            return number(hours * 60) + " min";
        }
        if (hours < 48) {
            return number(hours) + " h";
        }
        return number(hours / 24) + " days";
    }

    private static String any(String value) {
        return value == null ? "any" : value;
    }

    private static String tier(Tier tier) {
        return tier == null ? null : tier.label();
    }

    private static String tier(Tier tier, String none) {
        return tier == null ? none : tier.label();
    }

    private static String tierOrEmpty(Tier tier) {
        return tier(tier, "");
    }

    private static Double round(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).doubleValue();
    }

    private static String number(Double value) {
        return value == null ? "" : BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    /** Quotes a CSV field when it needs it (RFC 4180). */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
