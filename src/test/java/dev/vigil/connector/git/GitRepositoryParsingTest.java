package dev.vigil.connector.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest readers, package URLs and credential patterns on the awkward cases a real repository has. */
class GitRepositoryParsingTest {

    private static List<String> read(String path, String content) {
        return Manifests.read(path, content.getBytes(StandardCharsets.UTF_8)).stream()
                .map(d -> Sbom.purl(d) + " " + d.version() + " " + d.scope())
                .toList();
    }

    @Test
    void requirementsKeepTheSpecifierAndPinOnlyExactVersions() {
        assertThat(read("requirements-dev.txt", """
                        # comment
                        Django[argon2] == 5.0.6 ; python_version >= "3.10"
                        celery>=5.3,<6
                        -e ./local
                        --hash=sha256:abc
                        git+https://example.com/pkg.git#egg=pkg
                        plain_name
                        """))
                .containsExactly(
                        "pkg:pypi/django@5.0.6 ==5.0.6 required",
                        "pkg:pypi/celery >=5.3,<6 required",
                        "pkg:pypi/plain-name null required");
    }

    @Test
    void cargoReadsInlineAndDottedTablesAndTreatsBareVersionsAsRanges() {
        assertThat(read("Cargo.toml", """
                        [package]
                        name = "tool"
                        version = "0.1.0"

                        [dependencies]
                        serde = "1.0"
                        tokio = { version = "=1.38.0", features = ["full"] }
                        local = { path = "../local" }

                        [target.'cfg(unix)'.dependencies]
                        nix = "0.29"

                        [dependencies.regex]
                        version = "1.10"
                        default-features = false

                        [dev-dependencies]
                        proptest = "1"
                        """))
                .containsExactly(
                        "pkg:cargo/serde 1.0 required",
                        "pkg:cargo/tokio@1.38.0 =1.38.0 required",
                        "pkg:cargo/local null required",
                        "pkg:cargo/nix 0.29 required",
                        "pkg:cargo/regex 1.10 required",
                        "pkg:cargo/proptest 1 excluded");
    }

    @Test
    void composerSkipsPlatformRequirements() {
        assertThat(read(
                        "composer.json",
                        "{\"require\": {\"php\": \">=8.2\", \"ext-json\": \"*\", \"monolog/monolog\": \"3.6.0\"},"
                                + " \"require-dev\": {\"phpunit/phpunit\": \"^11\"}}"))
                .containsExactly(
                        "pkg:composer/monolog/monolog@3.6.0 3.6.0 required",
                        "pkg:composer/phpunit/phpunit ^11 excluded");
    }

    @Test
    void pomWithADoctypeIsRefusedRatherThanResolved() {
        String hostile = "<?xml version=\"1.0\"?><!DOCTYPE project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<project><dependencies><dependency><groupId>&x;</groupId><artifactId>a</artifactId>"
                + "</dependency></dependencies></project>";
        assertThatThrownBy(() -> read("pom.xml", hostile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a readable pom.xml");
        assertThatThrownBy(() -> read("web/package.json", "[1, 2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void vendoredManifestsAreIgnoredAndLockfilesRecognised() {
        assertThat(Manifests.kind("node_modules/left-pad/package.json")).isEmpty();
        assertThat(Manifests.kind("app/vendor/lib/composer.json")).isEmpty();
        assertThat(Manifests.kind("app/yarn.lock").orElseThrow().lockfile()).isTrue();
        assertThat(Manifests.kind("requirements/prod.txt")).isEmpty();
        assertThat(Manifests.kind("requirements-prod.txt").orElseThrow().ecosystem())
                .isEqualTo("pypi");
        assertThat(Manifests.kind("src/App.csproj").orElseThrow().ecosystem()).isEqualTo("nuget");
    }

    @Test
    void credentialPatternsNeedTheFullFormat() {
        String almostGithub = "gh" + "p_" + "short";
        String hexDigestNearKeyId = GitFixtures.awsKeyId() + "\nsha1 = " + "0123456789abcdef0123456789abcdef01234567";
        String pemWithoutMaterial =
                "-----BEGIN " + "RSA PRIVATE KEY-----\n<your key here>\n-----END RSA PRIVATE KEY-----";
        String stripeTest = "sk" + "_test_" + "51HqLyjWDarjtT1zdp7dcXyZ9";
        for (String harmless : List.of(almostGithub, hexDigestNearKeyId, pemWithoutMaterial, stripeTest)) {
            assertThat(SecretScanner.scan("f", harmless)).as(harmless).isEmpty();
        }
        String pgp = "-----BEGIN PGP " + "PRIVATE KEY BLOCK-----\n\n" + "lQOYBGZ" + "A".repeat(60) + "\n";
        assertThat(SecretScanner.scan("key.asc", pgp))
                .containsExactly(new SecretScanner.Finding("key.asc", 1, "private key"));
        String fineGrained = "gith" + "ub_pat_" + "A".repeat(22) + "_" + "b".repeat(59);
        assertThat(SecretScanner.scan("ci.env", "X=1\r\nTOKEN=" + fineGrained + "\r\n"))
                .containsExactly(new SecretScanner.Finding("ci.env", 2, "GitHub token"));
    }

    @Test
    void ciMarkersInCommentsDoNotCountAndUpdateBotsNeedContent() {
        assertThat(CiConfiguration.scanners(".gitlab-ci.yml", "include:\n  - template: Jobs/SAST.gitlab-ci.yml\n"))
                .extracting(CiConfiguration.Scanner::tool)
                .containsExactly("GitLab SAST");
        assertThat(CiConfiguration.scanners("Jenkinsfile", "// trivy later\nstage('x') { sh 'make' }\n"))
                .isEmpty();
        assertThat(CiConfiguration.system(".github/workflows/nested/x.yml")).isEmpty();
        assertThat(CiConfiguration.configuresUpdates("Dependabot", "version: 2\n"))
                .isFalse();
    }
}
