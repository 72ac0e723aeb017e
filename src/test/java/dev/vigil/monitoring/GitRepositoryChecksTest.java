package dev.vigil.monitoring;

import static dev.vigil.monitoring.CheckStatus.ERROR;
import static dev.vigil.monitoring.CheckStatus.FAIL;
import static dev.vigil.monitoring.CheckStatus.NOT_APPLICABLE;
import static dev.vigil.monitoring.CheckStatus.PASS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorFactory;
import dev.vigil.connector.ObservedResource;
import dev.vigil.connector.git.GitFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped repository.git check, evaluated on what the real git-repository connector (found through the
 * ServiceLoader, as the platform finds it) reads from repositories the test makes with git: a well-kept one, a
 * neglected one, and one where a private key is committed and then removed.
 */
class GitRepositoryChecksTest {

    private static final FrameworkCatalog CATALOG = FrameworkCatalog.load("content");
    private static final CheckEngine ENGINE = new CheckEngine(CATALOG, List.of(new DataVolumesEncryptedCheck()));

    @TempDir
    Path temp;

    static ObservedResource observe(Map<String, Object> settings) throws Exception {
        ConnectorFactory factory = ServiceLoader.load(ConnectorFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.descriptor().id().equals("git-repository"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> validated = factory.descriptor().configSchema().validate(settings);
        List<ObservedResource> observed = new ArrayList<>();
        factory.create(new ConnectorConfiguration(validated)).collect(new CollectionSink() {
            @Override
            public void accept(ObservedResource resource) {
                observed.add(resource);
            }
        });
        assertThat(observed).hasSize(1);
        return observed.get(0);
    }

    static Map<String, CheckOutcome> evaluate(Path repository) throws Exception {
        ObservedResource resource = observe(Map.of("path", repository.toString()));
        Map<String, CheckOutcome> outcomes = new TreeMap<>();
        for (CheckDefinition check : CATALOG.checksFor("repository.git")) {
            outcomes.put(check.id(), ENGINE.evaluate(check, resource.attributes(), resource.unknown()));
        }
        return outcomes;
    }

    private static Map<String, CheckStatus> statuses(Map<String, CheckOutcome> outcomes) {
        return outcomes.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status(), (a, b) -> a, TreeMap::new));
    }

    @Test
    void wellKeptRepositoryPassesEveryCheck() throws Exception {
        GitFixtures.Repo repo = new GitFixtures(temp.resolve("home")).wellKept(temp.resolve("shop"));

        Map<String, CheckOutcome> outcomes = evaluate(repo.directory());

        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(8);
        assertThat(outcomes)
                .allSatisfy((id, outcome) -> assertThat(outcome.status())
                        .as("%s: %s", id, outcome.reason())
                        .isEqualTo(PASS));
        assertThat(outcomes.get("git.static-analysis-in-ci").reason()).isEqualTo("Static analysis in CI: CodeQL.");
        assertThat(outcomes.get("git.dependency-scanning-in-ci").reason())
                .isEqualTo("Dependency scanning in CI: dependency-review.");
        assertThat(outcomes.get("git.signed-commits").reason())
                .isEqualTo("2 of the last 2 commit(s) signed (required share 0.9).");
        assertThat(outcomes.get("git.security-policy-published").reason()).isEqualTo("Security policy: SECURITY.md.");
        assertThat(outcomes.get("git.no-committed-secrets").reason())
                .startsWith("No credentials found: ")
                .contains("0 binary");
    }

    @Test
    void neglectedRepositoryFailsWhatAReviewerWouldFlag() throws Exception {
        GitFixtures fixtures = new GitFixtures(temp.resolve("home"));
        GitFixtures.Repo repo = fixtures.init(temp.resolve("legacy"));
        repo.write("docs/SECURITY.md", "We take security seriously.\n")
                .write("app/main.py", "print('legacy')\n")
                .write("web/package.json", "{\"dependencies\": {\"left-pad\": \"^1.3.0\"}}\n")
                .write(
                        ".github/workflows/ci.yml",
                        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                                + "      # later: github/codeql-action and gitleaks\n      - run: npm test\n")
                .write("deploy/id_rsa", GitFixtures.privateKeyPem())
                .commit("Legacy import");

        Map<String, CheckOutcome> outcomes = evaluate(repo.directory());

        assertThat(statuses(outcomes))
                .isEqualTo(new TreeMap<>(Map.of(
                        "git.code-owners-defined", FAIL,
                        "git.dependencies-inventoried", PASS,
                        "git.dependency-lockfiles-committed", FAIL,
                        "git.dependency-scanning-in-ci", FAIL,
                        "git.dependency-update-automation", FAIL,
                        "git.no-committed-secrets", FAIL,
                        "git.secret-scanning-in-ci", FAIL,
                        "git.security-policy-published", FAIL,
                        "git.signed-commits", FAIL,
                        "git.static-analysis-in-ci", FAIL)));
        assertThat(outcomes.get("git.security-policy-published").reason())
                .isEqualTo("No usable security policy: docs/SECURITY.md, which names no e-mail address or link to"
                        + " report to.");
        assertThat(outcomes.get("git.static-analysis-in-ci").reason())
                .as("a scanner named only in a comment does not count")
                .isEqualTo("No static security analysis in CI: none of the 1 CI file(s) runs a static analyser.");
        assertThat(outcomes.get("git.dependency-lockfiles-committed").reason())
                .isEqualTo("Manifests without a committed lockfile: web/package.json.");
        assertThat(outcomes.get("git.signed-commits").reason())
                .isEqualTo("Too few signed commits: 0 of the last 1 commit(s) signed (required share 0.9).");
    }

    @Test
    void committingAPrivateKeyFailsTheSecretsCheckAndRemovingItPassesAgain() throws Exception {
        GitFixtures.Repo repo = new GitFixtures(temp.resolve("home")).wellKept(temp.resolve("shop"));
        assertThat(evaluate(repo.directory()).get("git.no-committed-secrets").status())
                .isEqualTo(PASS);

        String pem = GitFixtures.privateKeyPem();
        repo.write("config/service-account.pem", "# staging\n" + pem).commitSigned("Add the staging key");
        CheckOutcome leaked = evaluate(repo.directory()).get("git.no-committed-secrets");

        assertThat(leaked.status()).isEqualTo(FAIL);
        assertThat(leaked.reason())
                .isEqualTo("Credentials committed in the tree: config/service-account.pem:2 (private key). Revoke each"
                        + " one, then remove it.");
        pem.lines()
                .skip(1)
                .limit(3)
                .forEach(line -> assertThat(leaked.reason() + leaked.observed()).doesNotContain(line));

        repo.delete("config/service-account.pem").commitSigned("Remove the staging key");
        assertThat(evaluate(repo.directory()).get("git.no-committed-secrets").status())
                .isEqualTo(PASS);
    }

    @Test
    void repositoryWithoutCodeOrManifestsSkipsTheDependencyChecks() throws Exception {
        GitFixtures.Repo repo = new GitFixtures(temp.resolve("home")).init(temp.resolve("handbook"));
        repo.write("README.md", "# Handbook\n")
                .write("SECURITY.md", "Report to https://example.com/security\n")
                .commit("Handbook");

        Map<String, CheckOutcome> outcomes = evaluate(repo.directory());

        for (String id : List.of(
                "git.dependencies-inventoried",
                "git.dependency-lockfiles-committed",
                "git.static-analysis-in-ci",
                "git.dependency-scanning-in-ci",
                "git.dependency-update-automation")) {
            assertThat(outcomes.get(id).status()).as(id).isEqualTo(NOT_APPLICABLE);
        }
        assertThat(outcomes.get("git.security-policy-published").status()).isEqualTo(PASS);
        assertThat(outcomes.values()).noneMatch(o -> o.status() == ERROR);
    }

    @Test
    void everyCheckProvesAControl() {
        for (CheckDefinition check : CATALOG.checksFor("repository.git")) {
            assertThat(CATALOG.controlsProvenBy(check.id())).as(check.id()).isNotEmpty();
            assertThat(check.rationale()).as(check.id()).isNotBlank();
            assertThat(check.remediation()).as(check.id()).isNotBlank();
        }
        assertThat(CATALOG.checksFor("repository.git")).hasSizeGreaterThanOrEqualTo(8);
    }
}
