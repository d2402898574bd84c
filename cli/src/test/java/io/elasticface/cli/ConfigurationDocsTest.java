package io.elasticface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The README's configuration table against the metadata the build generates from the properties records:
 * every documented setting exists, and every default it states is the one written in the code.
 */
class ConfigurationDocsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(elasticface\\.[^`]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);
    private static final Pattern BRACES = Pattern.compile("\\{([^}]+)}");
    private static final Pattern VALUE = Pattern.compile("^`([^`]+)`$");

    /** Setting name → default as the metadata has it (null where the code derives one). */
    private static final Map<String, String> defaults = new HashMap<>();
    private static final List<String[]> documented = new ArrayList<>();

    @BeforeAll
    static void read() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (URL url : Collections.list(ConfigurationDocsTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    JsonNode value = property.get("defaultValue");
                    defaults.put(property.get("name").asString(),
                            value == null || value.isNull() ? null : value.isValueNode() ? value.asString() : value.toString());
                }
            }
        }
        // tests run in the module's folder
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            documented.add(new String[] {row.group(1), row.group(2).strip()});
        }
    }

    @Test
    void everyDocumentedSettingExists() {
        assertThat(documented).hasSizeGreaterThan(20);
        for (String[] row : documented) {
            for (String key : expand(row[0])) {
                assertThat(defaults).as("README documents %s", key).containsKey(key);
            }
        }
    }

    @Test
    void everyStatedDefaultIsTheCodesDefault() {
        int compared = 0;
        for (String[] row : documented) {
            List<String> keys = expand(row[0]);
            String[] values = row[1].split(",\\s*");
            if (values.length != keys.size()) {
                continue;
            }
            for (int i = 0; i < keys.size(); i++) {
                Matcher value = VALUE.matcher(values[i].strip());
                if (value.matches() && !value.group(1).contains("<")) {
                    assertThat(defaults.get(keys.get(i))).as("default of %s", keys.get(i)).isEqualTo(value.group(1));
                    compared++;
                }
            }
        }
        assertThat(compared).as("defaults compared").isGreaterThan(15);
    }

    /** {@code elasticface.autoscaler.{min,max}} → both names. */
    private static List<String> expand(String key) {
        Matcher braces = BRACES.matcher(key);
        if (!braces.find()) {
            return List.of(key);
        }
        List<String> keys = new ArrayList<>();
        for (String part : braces.group(1).split(",")) {
            keys.add(key.substring(0, braces.start()) + part + key.substring(braces.end()));
        }
        return keys;
    }
}
