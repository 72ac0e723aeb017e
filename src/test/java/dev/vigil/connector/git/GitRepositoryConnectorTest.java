package dev.vigil.connector.git;

import static dev.vigil.connector.git.GitFixtures.at;
import static dev.vigil.connector.git.GitFixtures.collect;
import static dev.vigil.connector.git.GitFixtures.pathSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.ObservedResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The git-repository connector on real repositories made by git in a temporary directory. */
class GitRepositoryConnectorTest {

    @TempDir
    Path temp;

    private GitFixtures fixtures() {
        return new GitFixtures(temp.resolve("home"));
    }

    @Test
    void wellKeptRepositoryIsDescribedFromItsLastCommit() throws Exception {
        GitFixtures.Repo repo = fixtures().wellKept(temp.resolve("shop"));

        ObservedResource resource = collect(repo.directory());

        assertThat(resource.externalId()).isEqualTo(repo.directory().toString());
        assertThat(resource.name()).isEqualTo("shop");
        assertThat(at(resource, "repository", "branch").toString()).isEqualTo("main");
        assertThat(at(resource, "repository", "commit").toString()).isEqualTo(repo.head());
        assertThat((Boolean) at(resource, "securityPolicy", "present")).isTrue();
        assertThat((Boolean) at(resource, "securityPolicy", "hasContact")).isTrue();
        assertThat(GitFixtures.list(resource, "codeOwners", "paths")).containsExactly(".github/CODEOWNERS");
        assertThat((Long) at(resource, "codeOwners", "rules")).isEqualTo(2L);
        List<Map<String, Object>> manifests = at(resource, "dependencies", "manifests");
        assertThat(manifests)
                .extracting(m -> m.get("path"))
                .containsExactlyInAnyOrder(
                        "pom.xml", "web/package.json", "tools/requirements.txt", "agent/go.mod", "cli/Cargo.toml");
        assertThat(GitFixtures.list(resource, "dependencies", "lockfiles"))
                .containsExactlyInAnyOrder("web/package-lock.json", "agent/go.sum");
        assertThat(GitFixtures.list(resource, "dependencies", "manifestsWithoutLockfile"))
                .isEmpty();
        assertThat(GitFixtures.list(resource, "dependencies", "ecosystems"))
                .containsExactly("cargo", "golang", "maven", "npm", "pypi");
        assertThat(GitFixtures.list(resource, "ci", "systems")).containsExactly("GitHub Actions");
        assertThat(GitFixtures.list(resource, "ci", "staticAnalysis")).containsExactly("CodeQL");
        assertThat(GitFixtures.list(resource, "ci", "dependencyScanning")).containsExactly("dependency-review");
        assertThat(GitFixtures.list(resource, "ci", "secretScanning")).containsExactly("gitleaks");
        assertThat(GitFixtures.list(resource, "dependencyUpdates", "tools")).containsExactly("Dependabot");
        assertThat((Long) at(resource, "secrets", "count")).isZero();
        assertThat((Long) at(resource, "signedCommits", "examined")).isEqualTo(2L);
        assertThat((Long) at(resource, "signedCommits", "signed")).isEqualTo(2L);
        assertThat((Double) at(resource, "signedCommits", "share")).isEqualTo(1.0);
        assertThat((Map<?, ?>) at(resource, "signedCommits", "formats")).isEqualTo(Map.of("ssh", 2L));
        assertThat(resource.unknown()).containsOnlyKeys("branchProtection");
    }

    @Test
    void sbomListsTheDeclaredDependenciesAsCycloneDx() throws Exception {
        GitFixtures.Repo repo = fixtures().wellKept(temp.resolve("shop"));

        ObservedResource first = collect(repo.directory());
        JsonNode bom = JsonMapper.builder().build().readTree(first.raw().get("sbom.cdx.json"));

        assertThat(bom.get("bomFormat").asString()).isEqualTo("CycloneDX");
        assertThat(bom.get("specVersion").asString()).isEqualTo("1.6");
        assertThat(bom.get("serialNumber").asString()).startsWith("urn:uuid:");
        assertThat(bom.at("/metadata/component/version").asString()).isEqualTo(repo.head());
        assertThat(bom.at("/metadata/properties/0/value").asString()).isEqualTo("declared");
        assertThat(bom.at("/metadata/properties/1/value").asString())
                .contains("as declared")
                .contains("nothing was resolved")
                .contains("transitive dependencies are not included");
        Map<String, JsonNode> byPurl = new java.util.TreeMap<>();
        bom.get("components").forEach(c -> byPurl.put(c.get("purl").asString(), c));
        assertThat(byPurl)
                .containsOnlyKeys(
                        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.2",
                        "pkg:maven/org.slf4j/slf4j-api",
                        "pkg:maven/org.junit.jupiter/junit-jupiter@5.11.0",
                        "pkg:npm/express@4.19.2",
                        "pkg:npm/%40angular/core",
                        "pkg:npm/jest",
                        "pkg:pypi/requests@2.32.3",
                        "pkg:pypi/pyyaml",
                        "pkg:golang/github.com/spf13/cobra@v1.8.1",
                        "pkg:golang/golang.org/x/sys@v0.21.0",
                        "pkg:cargo/serde",
                        "pkg:cargo/clap@4.5.4",
                        "pkg:cargo/tempfile");
        assertThat(byPurl.get("pkg:npm/%40angular/core").get("version").asString())
                .as("a range stays a range")
                .isEqualTo("^17.3.0");
        assertThat(byPurl.get("pkg:maven/org.junit.jupiter/junit-jupiter@5.11.0")
                        .get("scope")
                        .asString())
                .isEqualTo("excluded");
        assertThat(byPurl.get("pkg:maven/org.slf4j/slf4j-api").has("version")).isFalse();
        assertThat((Long) at(first, "dependencies", "declaredCount")).isEqualTo(13L);

        ObservedResource second = collect(repo.directory());
        assertThat(second.raw()).as("same commit, same evidence").isEqualTo(first.raw());
        assertThat(second.attributes()).isEqualTo(first.attributes());
    }

    @Test
    void onlyTheCommittedTreeCounts() throws Exception {
        GitFixtures.Repo repo = fixtures().init(temp.resolve("app"));
        repo.write("main.py", "print('hello')\n").commit("Start");
        repo.write("SECURITY.md", "Mail security@example.com\n")
                .write("deploy.pem", GitFixtures.privateKeyPem())
                .write(".github/dependabot.yml", "version: 2\nupdates:\n  - package-ecosystem: pip\n");

        ObservedResource resource = collect(repo.directory());

        assertThat((Boolean) at(resource, "securityPolicy", "present")).isFalse();
        assertThat((Long) at(resource, "secrets", "count")).isZero();
        assertThat(GitFixtures.list(resource, "dependencyUpdates", "tools")).isEmpty();
        assertThat((Long) at(resource, "secrets", "files")).isEqualTo(1L);
    }

    @Test
    void secretsAreReportedByFileLineAndKindNeverByValue() throws Exception {
        GitFixtures.Repo repo = fixtures().init(temp.resolve("leaky"));
        String pem = GitFixtures.privateKeyPem();
        repo.write("keys/deploy.pem", pem)
                .write(
                        "config/settings.env",
                        "# settings\nGITHUB_TOKEN=" + GitFixtures.githubToken() + "\nGITLAB="
                                + GitFixtures.gitlabToken() + "\n")
                .write(
                        "config/aws.ini",
                        "[default]\naws_access_key_id = " + GitFixtures.awsKeyId() + "\naws_secret_access_key = "
                                + GitFixtures.awsSecret() + "\n")
                .write(
                        "src/notify.js",
                        "const slack = '" + GitFixtures.slackToken() + "';\nconst maps = '" + GitFixtures.googleKey()
                                + "';\nconst pay = '" + GitFixtures.stripeKey() + "';\n")
                .write(
                        "docs/aws.md",
                        "Example id: AKIA" + "IOSFODNN7" + "EXAMPLE and a lone id " + GitFixtures.awsKeyId() + "\n")
                .write(
                        "docs/keys.md",
                        "Paste the key here:\n-----BEGIN " + "PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n")
                .commit("Configuration");

        ObservedResource resource = collect(repo.directory());

        assertThat(GitFixtures.list(resource, "secrets", "locations"))
                .containsExactlyInAnyOrder(
                        "keys/deploy.pem:1 (private key)",
                        "config/settings.env:2 (GitHub token)",
                        "config/settings.env:3 (GitLab token)",
                        "config/aws.ini:2 (AWS access key)",
                        "src/notify.js:1 (Slack token)",
                        "src/notify.js:2 (Google API key)",
                        "src/notify.js:3 (Stripe live key)");
        assertThat((Long) at(resource, "secrets", "count")).isEqualTo(7L);
        String everything = resource.attributes() + " " + resource.unknown() + " " + resource.raw();
        for (String secret : List.of(
                GitFixtures.githubToken(),
                GitFixtures.gitlabToken(),
                GitFixtures.awsKeyId(),
                GitFixtures.awsSecret(),
                GitFixtures.slackToken(),
                GitFixtures.googleKey(),
                GitFixtures.stripeKey(),
                pem.lines().skip(1).findFirst().orElseThrow())) {
            assertThat(everything).doesNotContain(secret);
        }
    }

    @Test
    void binaryAndOversizedFilesAreSkippedAndCounted() throws Exception {
        GitFixtures.Repo repo = fixtures().init(temp.resolve("assets"));
        byte[] binary =
                ("\u0000\u0001PNG" + GitFixtures.githubToken()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        repo.write("logo.png", binary)
                .write("big.log", "x".repeat(5_000) + "\ntoken " + GitFixtures.githubToken() + "\n")
                .write("small.txt", "nothing here\n")
                .commit("Assets");

        ObservedResource resource = collect(pathSettings(repo.directory(), "maxFileBytes", 4096L));

        assertThat((Long) at(resource, "secrets", "count")).isZero();
        assertThat((Long) at(resource, "secrets", "skippedBinary")).isEqualTo(1L);
        assertThat((Long) at(resource, "secrets", "skippedTooLarge")).isEqualTo(1L);
        assertThat((Long) at(resource, "secrets", "filesScanned")).isEqualTo(1L);

        ObservedResource unlimited = collect(pathSettings(repo.directory()));
        assertThat(GitFixtures.list(unlimited, "secrets", "locations")).containsExactly("big.log:2 (GitHub token)");
    }

    @Test
    void symbolicLinksAreNeverFollowedAndLoopsDoNotHang() throws Exception {
        Path outside = temp.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("id_rsa"), GitFixtures.privateKeyPem());
        GitFixtures.Repo repo = fixtures().init(temp.resolve("links"));
        repo.write("README.md", "links\n")
                .symlink("stolen.pem", outside.resolve("id_rsa").toString())
                .symlink("loop-a", "loop-b")
                .symlink("loop-b", "loop-a")
                .symlink("self", ".")
                .symlink("SECURITY.md", outside.resolve("id_rsa").toString())
                .commit("Links");

        ObservedResource resource = collect(repo.directory());

        assertThat((Long) at(resource, "secrets", "count")).isZero();
        assertThat((Long) at(resource, "secrets", "skippedSymlinks")).isEqualTo(5L);
        assertThat((Long) at(resource, "secrets", "files")).isEqualTo(1L);
        assertThat((Boolean) at(resource, "securityPolicy", "present"))
                .as("a link named SECURITY.md is not a policy")
                .isFalse();
    }

    @Test
    void submodulesAreCountedNotEntered() throws Exception {
        GitFixtures fixtures = fixtures();
        GitFixtures.Repo library = fixtures.init(temp.resolve("library"));
        library.write("key.pem", GitFixtures.privateKeyPem()).commit("Library with a key");
        GitFixtures.Repo app = fixtures.init(temp.resolve("app"));
        app.write("main.go", "package main\n").commit("App");
        app.git("update-index", "--add", "--cacheinfo", "160000," + library.head() + ",vendor/library");
        app.git("commit", "-q", "-m", "Add the library as a submodule");

        ObservedResource resource = collect(app.directory());

        assertThat((Long) at(resource, "secrets", "skippedSubmodules")).isEqualTo(1L);
        assertThat((Long) at(resource, "secrets", "count")).isZero();
    }

    @Test
    void readsTheConfiguredBranchAndCountsUnsignedCommits() throws Exception {
        GitFixtures.Repo repo = fixtures().init(temp.resolve("branches"));
        repo.write("a.txt", "a\n").commitSigned("Signed on main");
        repo.git("checkout", "-q", "-b", "release");
        for (int i = 0; i < 3; i++) {
            repo.write("r" + i + ".txt", "r\n").commit("Unsigned " + i);
        }
        repo.write("SECURITY.md", "Write to security@example.com\n").commit("Policy on release only");
        repo.git("checkout", "-q", "main");

        ObservedResource main = collect(repo.directory());
        ObservedResource release =
                collect(pathSettings(repo.directory(), "branch", "release", "signedCommitsWindow", 3L));

        assertThat(at(main, "repository", "branch").toString()).isEqualTo("main");
        assertThat((Boolean) at(main, "securityPolicy", "present")).isFalse();
        assertThat((Boolean) at(release, "securityPolicy", "present")).isTrue();
        assertThat((Long) at(release, "signedCommits", "examined")).isEqualTo(3L);
        assertThat((Long) at(release, "signedCommits", "signed")).isZero();
        assertThat(GitFixtures.list(release, "signedCommits", "unsignedCommits"))
                .hasSize(3);
        ObservedResource whole = collect(pathSettings(repo.directory(), "branch", "release"));
        assertThat((Double) at(whole, "signedCommits", "share")).isEqualTo(0.2);
    }

    @Test
    void badSettingsAreConfigurationErrorsThatSayWhatIsWrong() throws Exception {
        Path plain = Files.createDirectories(temp.resolve("plain"));
        GitFixtures fixtures = fixtures();
        GitFixtures.Repo empty = fixtures.init(temp.resolve("empty"));
        GitFixtures.Repo repo = fixtures.init(temp.resolve("repo"));
        repo.write("a.txt", "a\n").commit("One");

        assertConfiguration(Map.of(), "Set either path");
        assertConfiguration(
                Map.of("path", repo.directory().toString(), "url", "https://example.com/r.git"), "not both");
        assertConfiguration(Map.of("path", "relative/dir"), "absolute path");
        assertConfiguration(Map.of("path", temp.resolve("missing").toString()), "does not exist");
        assertConfiguration(Map.of("path", plain.toString()), "is not a git repository");
        assertConfiguration(Map.of("path", empty.directory().toString()), "has no commits");
        assertConfiguration(pathSettings(repo.directory(), "branch", "nope"), "branch 'nope' does not exist");
        assertConfiguration(pathSettings(repo.directory(), "token", "abc"), "only used with url");
        assertConfiguration(Map.of("url", "https://user:secret@example.com/r.git"), "must not contain a password");
        assertConfiguration(Map.of("url", "git@example.com:org/r.git"), "https://");
        assertConfiguration(Map.of("url", "http://example.com/r.git", "token", "abc"), "only sent over https");
        assertConfiguration(pathSettings(repo.directory(), "signedCommitsWindow", 0L), "between 1 and");
    }

    private static void assertConfiguration(Map<String, Object> settings, String message) {
        assertThatThrownBy(() -> collect(settings))
                .as("%s", settings)
                .isInstanceOfSatisfying(
                        CollectionException.class,
                        e -> assertThat(e.category()).isEqualTo(CollectionException.Category.CONFIGURATION))
                .hasMessageContaining(message);
    }
}
