package dev.vigil.connector.git;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognizes CI pipeline definitions and dependency-update bot configurations by path, and finds the security
 * scanners a pipeline runs by the actions, images, templates and commands it names. Comment lines are ignored,
 * so a scanner that is only mentioned in a comment does not count.
 */
final class CiConfiguration {

    /** What a scanner looks for. */
    enum Category {
        STATIC_ANALYSIS,
        DEPENDENCY_SCANNING,
        SECRET_SCANNING
    }

    /** A scanner a pipeline file runs. */
    record Scanner(String tool, Category category, String file) {}

    private record Marker(String text, String tool, Category category) {}

    private static final List<Marker> MARKERS = List.of(
            new Marker("github/codeql-action", "CodeQL", Category.STATIC_ANALYSIS),
            new Marker("codeql ", "CodeQL", Category.STATIC_ANALYSIS),
            new Marker("semgrep", "Semgrep", Category.STATIC_ANALYSIS),
            new Marker("sonarsource/", "SonarQube", Category.STATIC_ANALYSIS),
            new Marker("sonar-scanner", "SonarQube", Category.STATIC_ANALYSIS),
            new Marker("sonar:sonar", "SonarQube", Category.STATIC_ANALYSIS),
            new Marker("snyk code", "Snyk Code", Category.STATIC_ANALYSIS),
            new Marker("gosec", "gosec", Category.STATIC_ANALYSIS),
            new Marker("bandit ", "Bandit", Category.STATIC_ANALYSIS),
            new Marker("brakeman", "Brakeman", Category.STATIC_ANALYSIS),
            new Marker("security/sast.gitlab-ci.yml", "GitLab SAST", Category.STATIC_ANALYSIS),
            new Marker("jobs/sast.gitlab-ci.yml", "GitLab SAST", Category.STATIC_ANALYSIS),
            new Marker("actions/dependency-review-action", "dependency-review", Category.DEPENDENCY_SCANNING),
            new Marker("osv-scanner", "OSV-Scanner", Category.DEPENDENCY_SCANNING),
            new Marker("trivy", "Trivy", Category.DEPENDENCY_SCANNING),
            new Marker("grype", "Grype", Category.DEPENDENCY_SCANNING),
            new Marker("anchore/scan-action", "Grype", Category.DEPENDENCY_SCANNING),
            new Marker("snyk/actions", "Snyk", Category.DEPENDENCY_SCANNING),
            new Marker("snyk test", "Snyk", Category.DEPENDENCY_SCANNING),
            new Marker("dependency-check", "OWASP Dependency-Check", Category.DEPENDENCY_SCANNING),
            new Marker("pip-audit", "pip-audit", Category.DEPENDENCY_SCANNING),
            new Marker("npm audit", "npm audit", Category.DEPENDENCY_SCANNING),
            new Marker("cargo audit", "cargo-audit", Category.DEPENDENCY_SCANNING),
            new Marker("govulncheck", "govulncheck", Category.DEPENDENCY_SCANNING),
            new Marker(
                    "security/dependency-scanning.gitlab-ci.yml",
                    "GitLab dependency scanning",
                    Category.DEPENDENCY_SCANNING),
            new Marker(
                    "jobs/dependency-scanning.gitlab-ci.yml",
                    "GitLab dependency scanning",
                    Category.DEPENDENCY_SCANNING),
            new Marker(
                    "security/container-scanning.gitlab-ci.yml",
                    "GitLab container scanning",
                    Category.DEPENDENCY_SCANNING),
            new Marker("gitleaks", "gitleaks", Category.SECRET_SCANNING),
            new Marker("trufflehog", "TruffleHog", Category.SECRET_SCANNING),
            new Marker("security/secret-detection.gitlab-ci.yml", "GitLab secret detection", Category.SECRET_SCANNING),
            new Marker("jobs/secret-detection.gitlab-ci.yml", "GitLab secret detection", Category.SECRET_SCANNING));

    private CiConfiguration() {}

    /** The CI system a file configures, if it is a pipeline definition. */
    static Optional<String> system(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        boolean yaml = lower.endsWith(".yml") || lower.endsWith(".yaml");
        if (lower.startsWith(".github/workflows/") && yaml && lower.indexOf('/', 18) < 0) {
            return Optional.of("GitHub Actions");
        }
        if (lower.equals(".gitlab-ci.yml") || (lower.startsWith(".gitlab/ci/") && yaml)) {
            return Optional.of("GitLab CI");
        }
        if (lower.equals(".circleci/config.yml")) {
            return Optional.of("CircleCI");
        }
        if (lower.equals("azure-pipelines.yml") || (lower.startsWith(".azure-pipelines/") && yaml)) {
            return Optional.of("Azure Pipelines");
        }
        if (lower.equals("bitbucket-pipelines.yml")) {
            return Optional.of("Bitbucket Pipelines");
        }
        if (path.equals("Jenkinsfile")) {
            return Optional.of("Jenkins");
        }
        if (lower.equals(".travis.yml")) {
            return Optional.of("Travis CI");
        }
        if (lower.equals(".drone.yml")) {
            return Optional.of("Drone");
        }
        if (lower.equals(".woodpecker.yml") || (lower.startsWith(".woodpecker/") && yaml)) {
            return Optional.of("Woodpecker");
        }
        if (lower.startsWith(".buildkite/") && yaml) {
            return Optional.of("Buildkite");
        }
        return Optional.empty();
    }

    /** The dependency-update bot a file configures, if any. */
    static Optional<String> updateBot(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.equals(".github/dependabot.yml") || lower.equals(".github/dependabot.yaml")) {
            return Optional.of("Dependabot");
        }
        for (String name :
                List.of("renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5")) {
            if (lower.equals(name) || lower.equals(".github/" + name) || lower.equals(".gitlab/" + name)) {
                return Optional.of("Renovate");
            }
        }
        return Optional.empty();
    }

    /** Whether a bot configuration actually asks for updates (an empty Dependabot file does nothing). */
    static boolean configuresUpdates(String bot, String text) {
        if (bot.equals("Dependabot")) {
            return text.contains("package-ecosystem");
        }
        return !text.isBlank();
    }

    /** The scanners a pipeline file runs, each named once. */
    static List<Scanner> scanners(String path, String text) {
        StringBuilder active = new StringBuilder();
        for (String line : text.split("\r?\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.startsWith("//")) {
                continue;
            }
            active.append(stripped.toLowerCase(Locale.ROOT)).append('\n');
        }
        String content = active.toString();
        List<Scanner> found = new ArrayList<>();
        for (Marker marker : MARKERS) {
            if (content.contains(marker.text())
                    && found.stream()
                            .noneMatch(s -> s.tool().equals(marker.tool()) && s.category() == marker.category())) {
                found.add(new Scanner(marker.tool(), marker.category(), path));
            }
        }
        return found;
    }
}
