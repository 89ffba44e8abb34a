package io.cicdmanager.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.json.JSON;
import net.sf.json.JSONArray;
import net.sf.json.JSONException;
import net.sf.json.JSONNull;
import net.sf.json.JSONObject;
import net.sf.json.JSONSerializer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * {@code readJSON} and {@code readYaml} as pipeline-utility-steps implements them, so a step sees what it sees on
 * Jenkins: json-lib objects in which JSON {@code null} is {@link JSONNull} (true in a Groovy condition) unless
 * {@code returnPojo: true}, and SnakeYAML's safe loading, one document as itself and several as a list.
 */
final class PipelineUtilitySteps {
    private PipelineUtilitySteps() {
    }

    static Object readJson(String text, boolean returnPojo) {
        JSON json = JSONSerializer.toJSON(text.trim());
        return returnPojo ? toPojo(json) : json;
    }

    private static Object toPojo(Object value) {
        if (isNull(value)) {
            return null;
        }
        if (value instanceof JSONArray array) {
            List<Object> list = new ArrayList<>(array.size());
            for (Object item : array) {
                list.add(toPojo(item));
            }
            return list;
        }
        if (value instanceof JSONObject object) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Object key : object.keySet()) {
                map.put(key.toString(), toPojo(object.get(key)));
            }
            return map;
        }
        return value;
    }

    private static boolean isNull(Object value) {
        if (value instanceof JSONNull) {
            return true;
        }
        if (value instanceof JSONObject object) {
            try {
                object.get((Object) "somekey");
            } catch (JSONException e) {
                return true; // a null JSONObject answers every read with this
            }
        }
        return false;
    }

    static Object readYaml(String text) {
        Representer representer = new Representer(new DumperOptions());
        DumperOptions dumperOptions = new DumperOptions();
        dumperOptions.setDefaultFlowStyle(representer.getDefaultFlowStyle());
        dumperOptions.setDefaultScalarStyle(representer.getDefaultScalarStyle());
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), representer, dumperOptions, new LoaderOptions());
        List<Object> documents = new ArrayList<>();
        yaml.loadAll(text).forEach(documents::add);
        return documents.size() == 1 ? documents.get(0) : documents;
    }
}
