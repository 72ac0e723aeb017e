package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.Control;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.catalog.Severity;
import dev.vigil.identity.ApiToken;
import dev.vigil.identity.ApiTokenScope;
import dev.vigil.identity.Role;
import dev.vigil.integration.CollectionRun;
import dev.vigil.monitoring.CheckStatus;
import dev.vigil.posture.CheckRollup;
import dev.vigil.posture.ControlStatus;
import dev.vigil.posture.RequirementStatus;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every text the UI shows comes from the message bundles, in English and Portuguese alike: a key used by a
 * template, a controller or an enum value exists in both, and every message is a valid MessageFormat pattern.
 */
class MessageBundlesTest {

    static final Path RESOURCES = Path.of("src/main/resources");
    static final Path TEMPLATES = RESOURCES.resolve("templates");
    static final Path SOURCES = Path.of("src/main/java/dev/vigil/web/ui");
    /** Connector texts fall back to what the connector itself says (English), so only translations carry them. */
    static final String CONNECTOR_PREFIX = "connector.";

    private final Properties english = load("messages.properties");
    private final Properties portuguese = load("messages_pt.properties");

    @Test
    void bothLanguagesHaveTheSameMessages() {
        Set<String> onlyEnglish = difference(english, portuguese);
        Set<String> onlyPortuguese = difference(portuguese, english);
        onlyPortuguese.removeIf(key -> key.startsWith(CONNECTOR_PREFIX));

        assertThat(onlyEnglish).as("missing in messages_pt.properties").isEmpty();
        assertThat(onlyPortuguese).as("missing in messages.properties").isEmpty();
    }

    @Test
    void everyKeyATemplateOrControllerNamesExists() throws IOException {
        Set<String> used = new TreeSet<>();
        Pattern templateKey = Pattern.compile("#\\{([a-z][a-zA-Z0-9_.\\-]*)");
        Pattern codeInJava = Pattern.compile(
                "\"((?:integration\\.notice|alerting\\.notice|alert-channels|alert-rules|time|duration|form\\.error)"
                        + "\\.[a-z\\-.]+)\"");
        scan(TEMPLATES, ".html", templateKey, used);
        scan(SOURCES, ".java", codeInJava, used);

        assertThat(used).hasSizeGreaterThan(100);
        assertThat(missing(used, english))
                .as("keys missing in messages.properties")
                .isEmpty();
        assertThat(missing(used, portuguese))
                .as("keys missing in messages_pt.properties")
                .isEmpty();
    }

    @Test
    void everyStateSeverityAndRoleHasALabel() {
        List<String> keys = new ArrayList<>();
        for (CheckStatus status : CheckStatus.values()) {
            keys.add("check-status." + status);
        }
        for (CheckRollup.State state : CheckRollup.State.values()) {
            keys.add("check-state." + state);
        }
        for (ControlStatus.State state : ControlStatus.State.values()) {
            keys.add("control-state." + state);
            keys.add("control-state." + state + ".explained");
        }
        for (RequirementStatus.State state : RequirementStatus.State.values()) {
            keys.add("requirement-state." + state);
            keys.add("requirement-state." + state + ".explained");
        }
        for (CollectionRun.RunStatus status : CollectionRun.RunStatus.values()) {
            keys.add("run-status." + status);
        }
        for (Severity severity : Severity.values()) {
            keys.add("severity." + severity);
        }
        for (Role role : Role.values()) {
            keys.add("role." + role);
            keys.add("role." + role + ".allows");
        }
        for (ApiToken.State state : ApiToken.State.values()) {
            keys.add("tokens.state." + state);
        }
        for (ApiTokenScope scope : ApiTokenScope.values()) {
            keys.add("tokens.scope." + scope.id());
            keys.add("tokens.scope." + scope.id() + ".hint");
        }
        for (CheckDefinition.Implementation implementation : CheckDefinition.Implementation.values()) {
            keys.add("check.implementation." + implementation);
        }

        assertThat(missing(keys, english)).isEmpty();
        assertThat(missing(keys, portuguese)).isEmpty();
    }

    @Test
    void everyCategoryAndFrequencyOfTheCatalogHasALabel() {
        FrameworkCatalog catalog = FrameworkCatalog.load("content");
        Set<String> keys = new TreeSet<>();
        for (Control control : catalog.controls()) {
            keys.add("category." + control.category());
            keys.add("frequency." + control.frequency());
        }

        assertThat(missing(keys, english)).isEmpty();
        assertThat(missing(keys, portuguese)).isEmpty();
    }

    @Test
    void everyMessageIsAValidPattern() {
        for (Properties bundle : List.of(english, portuguese)) {
            for (String key : bundle.stringPropertyNames()) {
                String value = bundle.getProperty(key);
                if (value.contains("{")) {
                    // A message with arguments goes through MessageFormat: a stray quote or brace breaks it.
                    assertThat(new MessageFormat(value).toPattern()).as(key).isNotEmpty();
                    assertThat(value)
                            .as(key + ": use ’ so no quote doubling is needed")
                            .doesNotContain("'");
                }
            }
        }
    }

    private static void scan(Path root, String suffix, Pattern pattern, Set<String> into) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
                Matcher matcher = pattern.matcher(Files.readString(file));
                while (matcher.find()) {
                    into.add(matcher.group(1));
                }
            }
        }
    }

    private static Set<String> missing(Iterable<String> keys, Properties bundle) {
        Set<String> missing = new TreeSet<>();
        keys.forEach(key -> {
            if (!bundle.containsKey(key)) {
                missing.add(key);
            }
        });
        return missing;
    }

    private static Set<String> difference(Properties a, Properties b) {
        Set<String> keys = new TreeSet<>(a.stringPropertyNames());
        keys.removeAll(b.stringPropertyNames());
        return keys;
    }

    private static Properties load(String name) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(RESOURCES.resolve(name), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
