package io.cicdmanager.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads the components of a CycloneDX JSON bill of materials (spec 1.4 to 1.6), nested ones included, and judges each
 * component's licences against the {@link LicensePolicy}. Several licence entries on one component all apply (AND);
 * an SPDX expression is evaluated as one. A component with no licence is counted as unknown, and is a violation when
 * the policy has an allow list.
 */
final class CycloneDxLicenseParser implements JsonReportParser {
    private static final Set<String> VERSIONS = Set.of("1.4", "1.5", "1.6");

    private final LicensePolicy policy;

    CycloneDxLicenseParser(LicensePolicy policy) {
        this.policy = policy;
    }

    @Override
    public Measurements parse(JsonParser json, String file) {
        JsonReportParser.expect(json, JsonToken.START_OBJECT, file, "a CycloneDX BOM object");
        String format = null;
        String version = null;
        Tally tally = new Tally();
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "bomFormat" -> format = json.getValueAsString();
                case "specVersion" -> version = json.getValueAsString();
                case "components" -> {
                    JsonReportParser.expect(json, JsonToken.START_ARRAY, file, "components to be an array");
                    while (json.nextToken() != JsonToken.END_ARRAY) {
                        judge(JsonReportParser.readTree(json), tally);
                    }
                }
                default -> json.skipChildren();
            }
        }
        if (!"CycloneDX".equals(format)) {
            throw ReportException.at(file, 0, 0, "bomFormat is not CycloneDX");
        }
        if (!VERSIONS.contains(version)) {
            throw ReportException.at(file, 0, 0, "CycloneDX spec version " + version
                    + " is not supported; cicd reads 1.4, 1.5 and 1.6");
        }
        return new Measurements.Licenses(tally.components, tally.violations, tally.unknown, tally.named);
    }

    private void judge(JsonNode component, Tally tally) {
        tally.components++;
        String who = JsonReportParser.text(component.path("name"));
        String version = JsonReportParser.text(component.path("version"));
        who = (who == null ? "(unnamed component)" : who) + (version == null ? "" : "@" + version);
        List<String> offending = new ArrayList<>();
        boolean any = false;
        for (JsonNode choice : component.path("licenses")) {
            String expression = JsonReportParser.text(choice.path("expression"));
            if (expression != null) {
                any = true;
                try {
                    offending.addAll(SpdxExpression.parse(expression).offendingTerms(policy));
                } catch (IllegalArgumentException e) {
                    offending.add("invalid SPDX expression '" + expression + "': " + e.getMessage());
                }
                continue;
            }
            JsonNode licence = choice.path("license");
            String id = JsonReportParser.text(licence.path("id"));
            String name = id != null ? id : JsonReportParser.text(licence.path("name"));
            if (name != null) {
                any = true;
                if (!policy.accepts(name)) {
                    offending.add(name);
                }
            }
        }
        if (!any) {
            tally.unknown++;
            if (!policy.allow().isEmpty()) {
                offending.add("no licence declared");
            }
        }
        if (!offending.isEmpty()) {
            tally.violations++;
            if (tally.named.size() < Measurements.Licenses.NAMED_VIOLATIONS) {
                tally.named.add(who + " (" + String.join(", ", offending) + ")");
            }
        }
        for (JsonNode child : component.path("components")) {
            judge(child, tally);
        }
    }

    /** Running counts over one BOM. */
    private static final class Tally {
        long components;
        long violations;
        long unknown;
        final List<String> named = new ArrayList<>();
    }
}
