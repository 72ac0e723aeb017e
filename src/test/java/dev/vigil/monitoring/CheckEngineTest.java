package dev.vigil.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.TestContent;
import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.ContentValidationException;
import dev.vigil.catalog.FrameworkCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckEngineTest {

    private final FrameworkCatalog catalog = FrameworkCatalog.load("test-content");
    private final CheckEngine engine = new CheckEngine(catalog, List.of(new DataVolumesEncryptedCheck()));

    private CheckDefinition check(String id) {
        return catalog.check(id).orElseThrow();
    }

    @Test
    void failingCheckNamesTheObservedValue() {
        CheckOutcome outcome = engine.evaluate(check("test.root-login"), TestContent.weakHost(), Map.of());

        assertThat(outcome.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(outcome.reason()).isEqualTo("PermitRootLogin is yes; expected no.");
        assertThat(outcome.observed()).isEqualTo("yes");
    }

    @Test
    void passingCheckNamesTheObservedValue() {
        CheckOutcome outcome = engine.evaluate(check("test.root-login"), TestContent.hardenedHost(), Map.of());

        assertThat(outcome.status()).isEqualTo(CheckStatus.PASS);
        assertThat(outcome.reason()).isEqualTo("PermitRootLogin is no.");
    }

    @Test
    void parametersAreThresholdsAndIntegersAreAccepted() {
        // weakHost stores maxAuthTries as an Integer, as JSON parsing does; CEL needs int64.
        assertThat(engine.evaluate(check("test.max-tries"), TestContent.weakHost(), Map.of())
                        .reason())
                .isEqualTo("MaxAuthTries is 6 (limit 4).");
        assertThat(engine.evaluate(check("test.max-tries"), TestContent.hardenedHost(), Map.of())
                        .status())
                .isEqualTo(CheckStatus.PASS);
    }

    @Test
    void attributeTheConnectorCouldNotDetermineIsAnErrorWithItsReason() {
        Map<String, Object> attributes = TestContent.weakHost();
        attributes.remove("sshd");

        CheckOutcome outcome = engine.evaluate(
                check("test.root-login"),
                attributes,
                Map.of("sshd", "cannot read /etc/ssh/sshd_config: is a directory"));

        assertThat(outcome.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(outcome.reason()).contains("cannot read /etc/ssh/sshd_config: is a directory");
    }

    @Test
    void attributeMissingWithoutReasonIsAnErrorNeverAPass() {
        Map<String, Object> attributes = TestContent.hardenedHost();
        attributes.remove("sshd");

        CheckOutcome outcome = engine.evaluate(check("test.root-login"), attributes, Map.of());

        assertThat(outcome.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(outcome.reason()).contains("did not report 'sshd'");
    }

    @Test
    void missingNestedKeyIsAnErrorNeverAPass() {
        Map<String, Object> attributes = TestContent.hardenedHost();
        attributes.put("sshd", new LinkedHashMap<>(Map.of("installed", true)));

        CheckOutcome outcome = engine.evaluate(check("test.root-login"), attributes, Map.of());

        assertThat(outcome.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(outcome.reason()).startsWith("Could not evaluate");
    }

    @Test
    void checkThatDoesNotApplySaysWhy() {
        Map<String, Object> attributes = TestContent.hardenedHost();
        attributes.put("sshd", Map.of("installed", false));

        CheckOutcome outcome = engine.evaluate(check("test.root-login"), attributes, Map.of());

        assertThat(outcome.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(outcome.reason()).isEqualTo("No SSH daemon is installed.");
    }

    @Test
    void javaCheckFailsOnUnencryptedAndErrsOnUndeterminedVolumes() {
        assertThat(engine.evaluate(check("host.data-volumes-encrypted"), TestContent.weakHost(), Map.of())
                        .reason())
                .isEqualTo("Not encrypted at rest: / (/dev/sda1).");
        assertThat(engine.evaluate(check("host.data-volumes-encrypted"), TestContent.hardenedHost(), Map.of())
                        .status())
                .isEqualTo(CheckStatus.PASS);

        Map<String, Object> container = TestContent.hardenedHost();
        Map<String, Object> overlay = new LinkedHashMap<>();
        overlay.put("mountPoint", "/");
        overlay.put("device", "overlay");
        overlay.put("encrypted", null);
        overlay.put("reason", "root filesystem is an overlay (container)");
        container.put("volumes", List.of(overlay));
        CheckOutcome outcome = engine.evaluate(check("host.data-volumes-encrypted"), container, Map.of());
        assertThat(outcome.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(outcome.reason()).contains("overlay (container)");
    }

    @Test
    void nullValuesAreVisibleToExpressions() {
        Map<String, Object> attributes = TestContent.hardenedHost();
        Map<String, Object> sshd = new LinkedHashMap<>();
        sshd.put("installed", true);
        sshd.put("permitRootLogin", null);
        attributes.put("sshd", sshd);

        CheckOutcome outcome = engine.evaluate(check("test.root-login"), attributes, Map.of());

        assertThat(outcome.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(outcome.reason()).isEqualTo("PermitRootLogin is not set; expected no.");
    }

    @Test
    void invalidCelStopsLoadingWithFileIdAndPosition() {
        FrameworkCatalog broken = FrameworkCatalog.load("content-bad-cel");

        assertThatThrownBy(() -> new CheckEngine(broken, List.of(new DataVolumesEncryptedCheck())))
                .isInstanceOf(ContentValidationException.class)
                .hasMessageContaining("checks/test.yaml:15")
                .hasMessageContaining("'test.max-tries'")
                .hasMessageContaining("line 1, column 31");
    }

    @Test
    void validateReportsThePositionOfASyntaxError() {
        assertThat(CheckEngine.validate("resource.a == "))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("line 1, column"));
        assertThat(CheckEngine.validate("has(resource.a) && resource.a.exists(x, x > 1)"))
                .isEmpty();
    }
}
