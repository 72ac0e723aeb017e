package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.ConfigSchema;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.integration.Integration;
import dev.vigil.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The integration form never shows a stored secret, and an empty secret field keeps the stored one. */
class IntegrationFormTest {

    static final ConnectorDescriptor CONNECTOR = new ConnectorDescriptor(
            "example",
            "Example",
            "A connector with every kind of setting.",
            List.of("example.thing"),
            ConfigSchema.of(
                    ConfigProperty.string("host", "Host", "Where it runs.", null),
                    ConfigProperty.integer("port", "Port", "Where it listens.", 5432L),
                    ConfigProperty.bool("verify", "Verify TLS", "Check the certificate.", true),
                    ConfigProperty.secret("password", "Password", "How to sign in.")));

    @Test
    void aBlankSecretIsLeftOutSoTheStoredOneIsKept() {
        MultiValueMap<String, String> params = params("host", "db.internal", "port", "6432", "password", " ");

        Map<String, Object> config = IntegrationForm.config(CONNECTOR, params);

        assertThat(config)
                .containsEntry("host", "db.internal")
                .containsEntry("port", "6432")
                .containsEntry("verify", false)
                .doesNotContainKey("password");
        assertThat(IntegrationForm.config(CONNECTOR, params("password", "s3cret", "verify", "true")))
                .containsEntry("password", "s3cret")
                .containsEntry("verify", true);
    }

    @Test
    void secretsAreNeverEchoedBackToTheBrowser() {
        IntegrationForm submitted = IntegrationForm.submitted(
                CONNECTOR, UUID.randomUUID(), params("host", "db", "password", "s3cret"), Set.of("password"));
        assertThat(submitted.values()).doesNotContainKey("password").containsEntry("verify", "false");
        assertThat(submitted.value("password")).isEmpty();

        Integration stored = new Integration(
                UUID.randomUUID(),
                WorkspaceId.of(UUID.randomUUID()),
                "example",
                "Production database",
                Map.of("host", "db", "port", 5432L, "verify", true),
                Set.of("password"),
                15,
                true,
                300,
                Instant.EPOCH,
                "test",
                Instant.EPOCH,
                "test");
        IntegrationForm edit = IntegrationForm.of(CONNECTOR, stored);
        assertThat(edit.isEdit()).isTrue();
        assertThat(edit.secretsSet()).containsExactly("password");
        assertThat(edit.value("password")).isEmpty();
        assertThat(edit.checked("verify")).isTrue();
        assertThat(edit.value("port")).isEqualTo("5432");
    }

    @Test
    void aNewFormStartsFromTheSchemaDefaults() {
        IntegrationForm blank = IntegrationForm.blank(CONNECTOR);

        assertThat(blank.isEdit()).isFalse();
        assertThat(blank.intervalMinutes()).isEqualTo("15");
        assertThat(blank.enabled()).isTrue();
        assertThat(blank.value("port")).isEqualTo("5432");
        assertThat(blank.checked("verify")).isTrue();
        assertThat(blank.value("host")).isEmpty();
    }

    @Test
    void errorsOnFieldsTheFormDoesNotShowAreListedApart() {
        IntegrationForm form = IntegrationForm.blank(CONNECTOR)
                .withErrors(Map.of("name", "required", "config.host", "required", "connector", "unknown"));

        assertThat(form.error("config.host")).isEqualTo("required");
        assertThat(form.otherErrors()).containsOnlyKeys("connector");
    }

    private static MultiValueMap<String, String> params(String... pairs) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.add("config." + pairs[i], pairs[i + 1]);
        }
        return params;
    }
}
