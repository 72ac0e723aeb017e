package dev.vigil.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentLoaderTest {

    @Test
    void loadsFrameworksControlsAndChecksWithTheirLocations() {
        FrameworkCatalog catalog = FrameworkCatalog.load("test-content");

        assertThat(catalog.version()).isEqualTo("test");
        assertThat(catalog.framework("alpha").orElseThrow().requirements()).hasSize(3);
        assertThat(catalog.controlsFor("alpha", "R 1(a)"))
                .extracting(Control::id)
                .containsExactly("test.ssh-hardened");
        CheckDefinition check = catalog.check("test.max-tries").orElseThrow();
        assertThat(check.parameters()).containsEntry("limit", 4L);
        assertThat(check.source()).hasToString("checks/test.yaml:15");
        assertThat(catalog.controlsProvenBy("test.max-tries"))
                .extracting(Control::id)
                .containsExactly("test.ssh-hardened");
    }

    @Test
    void brokenReferenceStopsLoadingWithFileIdAndLine() {
        assertThatThrownBy(() -> FrameworkCatalog.load("content-broken-reference"))
                .isInstanceOf(ContentValidationException.class)
                .hasMessage("controls/test.yaml:2: 'test.ssh-hardened': refers to unknown check 'test.no-such-check'");
    }

    @Test
    void duplicateKeyIsRefusedRatherThanSilentlyOverwritten() {
        assertThatThrownBy(() -> FrameworkCatalog.load("content-duplicate-key"))
                .isInstanceOf(ContentValidationException.class)
                .hasMessage("checks/test.yaml:6: the key 'severity' appears twice");
    }

    @Test
    void fingerprintChangesWithTheDefinition() {
        FrameworkCatalog catalog = FrameworkCatalog.load("test-content");
        assertThat(catalog.check("test.root-login").orElseThrow().fingerprint())
                .isNotEqualTo(catalog.check("test.max-tries").orElseThrow().fingerprint());
    }
}
