package io.cicdmanager.gate;

import io.cicdmanager.json.ObjectMappers;
import java.math.BigDecimal;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * Reads one JSON report format with Jackson's streaming parser, which stands on the document's first token when
 * {@link #parse} is called. Large arrays are walked item by item; only one item is ever held as a tree.
 */
@FunctionalInterface
interface JsonReportParser {
    /** Reads one value in the middle of a document: what follows it is the rest of the report, not an error. */
    ObjectReader ITEM_READER = ObjectMappers.json().reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    Measurements parse(JsonParser json, String file);

    /** One array item or object value as a tree: small, and gone once read. */
    static JsonNode readTree(JsonParser json) {
        return ITEM_READER.readTree(json);
    }

    /** Requires the current token; names the place otherwise. */
    static void expect(JsonParser json, JsonToken token, String file, String what) {
        if (json.currentToken() != token) {
            throw error(json, file, "expected " + what);
        }
    }

    static ReportException error(JsonParser json, String file, String problem) {
        var at = json.currentTokenLocation();
        return ReportException.at(file, at.getLineNr(), at.getColumnNr(), problem);
    }

    /** A node's text, or null when it is absent or not a string or number. */
    static String text(JsonNode node) {
        if (node == null || !(node.isString() || node.isNumber())) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.numberValue().toString();
    }

    /** A node's number (a JSON number or a numeric string), or null. */
    static BigDecimal number(JsonNode node) {
        String t = text(node);
        if (t == null) {
            return null;
        }
        try {
            return new BigDecimal(t.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
