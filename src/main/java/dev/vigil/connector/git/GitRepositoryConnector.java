package dev.vigil.connector.git;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionException.Category;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.Collector;
import dev.vigil.connector.Resources;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Observes one branch of one git repository and reports it as a single {@code repository.git} resource whose
 * external id is the configured path or URL.
 *
 * <p>Everything comes from the branch's last commit: its tree (streamed once by {@link TreeScanner}) and its
 * history (the signature window). Uncommitted files in a working tree are never read. A part that cannot be read
 * becomes an unknown attribute with the reason; only an unusable location, branch or credential fails the run.
 */
final class GitRepositoryConnector implements Collector {

    static final String BRANCH_PROTECTION_REASON = "Branch protection is a setting of the hosting service (GitHub,"
            + " GitLab, Bitbucket) and is not stored in the repository; a clone cannot show it.";

    private final GitRepositoryConnectorFactory.Settings settings;

    GitRepositoryConnector(GitRepositoryConnectorFactory.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void collect(CollectionSink sink) throws CollectionException {
        RepositoryOpener.Opened opened = RepositoryOpener.open(settings, sink::progress);
        try {
            collect(opened.repository(), sink);
        } finally {
            opened.close();
        }
    }

    private void collect(Repository repository, CollectionSink sink) throws CollectionException {
        Head head = resolve(repository);
        String name = repositoryName();
        Resources resource = Resources.builder(GitRepositoryConnectorFactory.RESOURCE_TYPE, settings.location(), name);
        Instant commitTime = head.commit().getCommitterIdent().getWhenAsInstant();
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("location", settings.location());
        about.put("source", settings.path() != null ? "path" : "url");
        about.put("branch", head.branch());
        about.put("commit", head.commit().name());
        about.put("commitTime", commitTime.toString());
        resource.attribute("repository", about);

        sink.progress("reading the tree of " + head.branch() + " at "
                + head.commit().abbreviate(12).name());
        try {
            TreeScanner tree = TreeScanner.scan(repository, head.commit(), settings.maxFileBytes());
            describe(resource, tree);
            resource.raw(
                    "sbom.cdx.json",
                    Sbom.write(
                            name,
                            settings.location(),
                            head.branch(),
                            head.commit().name(),
                            commitTime,
                            tree.dependencies));
        } catch (IOException | RuntimeException e) {
            String reason = "the tree of commit " + head.commit().name() + " could not be read: " + e.getMessage();
            for (String key : List.of(
                    "securityPolicy",
                    "codeOwners",
                    "dependencies",
                    "sourceCode",
                    "ci",
                    "dependencyUpdates",
                    "secrets")) {
                resource.unknown(key, reason);
            }
        }

        sink.progress("checking commit signatures");
        try {
            resource.attribute(
                    "signedCommits", CommitSignatures.read(repository, head.commit(), settings.signedCommitsWindow()));
        } catch (IOException | RuntimeException e) {
            resource.unknown(
                    "signedCommits", "the history of " + head.branch() + " could not be read: " + e.getMessage());
        }
        resource.unknown("branchProtection", BRANCH_PROTECTION_REASON);
        sink.accept(resource.build());
    }

    private static void describe(Resources resource, TreeScanner tree) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("present", !tree.securityPolicies.isEmpty());
        policy.put("paths", List.copyOf(tree.securityPolicies));
        policy.put("hasContact", tree.securityPolicyHasContact);
        resource.attribute("securityPolicy", policy);

        Map<String, Object> owners = new LinkedHashMap<>();
        owners.put("present", !tree.codeOwnerFiles.isEmpty());
        owners.put("paths", List.copyOf(tree.codeOwnerFiles));
        owners.put("rules", tree.codeOwnerRules);
        resource.attribute("codeOwners", owners);

        Map<String, Object> dependencies = new LinkedHashMap<>();
        dependencies.put("manifestCount", tree.manifestCount);
        dependencies.put("manifests", List.copyOf(tree.manifests));
        dependencies.put("lockfiles", List.copyOf(tree.lockfiles));
        dependencies.put("ecosystems", List.copyOf(tree.ecosystems));
        dependencies.put("lockableManifestCount", tree.lockableManifestCount());
        dependencies.put("manifestsWithoutLockfile", tree.manifestsWithoutLockfile());
        dependencies.put("unreadableManifests", List.copyOf(tree.unreadableManifests));
        dependencies.put("declaredCount", (long) tree.dependencies.size());
        dependencies.put(
                "sbom", Map.of("format", "CycloneDX", "specVersion", Sbom.SPEC_VERSION, "evidence", "sbom.cdx.json"));
        resource.attribute("dependencies", dependencies);

        Map<String, Object> source = new LinkedHashMap<>();
        source.put("files", tree.sourceFiles);
        source.put("languages", List.copyOf(tree.languages));
        resource.attribute("sourceCode", source);

        Map<String, Object> ci = new LinkedHashMap<>();
        ci.put("systems", List.copyOf(tree.ciSystems));
        ci.put("files", List.copyOf(tree.ciFiles));
        List<Map<String, Object>> scanners = new ArrayList<>();
        for (CiConfiguration.Scanner scanner : tree.scanners) {
            scanners.add(
                    Map.of("tool", scanner.tool(), "category", category(scanner.category()), "file", scanner.file()));
        }
        ci.put("scanners", scanners);
        ci.put("staticAnalysis", tools(tree, CiConfiguration.Category.STATIC_ANALYSIS));
        ci.put("dependencyScanning", tools(tree, CiConfiguration.Category.DEPENDENCY_SCANNING));
        ci.put("secretScanning", tools(tree, CiConfiguration.Category.SECRET_SCANNING));
        resource.attribute("ci", ci);

        Map<String, Object> updates = new LinkedHashMap<>();
        updates.put("tools", List.copyOf(tree.updateBots.keySet()));
        updates.put(
                "files", tree.updateBots.values().stream().flatMap(List::stream).toList());
        resource.attribute("dependencyUpdates", updates);

        Map<String, Object> secrets = new LinkedHashMap<>();
        secrets.put("count", tree.secretCount);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (SecretScanner.Finding finding : tree.secrets) {
            findings.add(Map.of("path", finding.path(), "line", finding.line(), "kind", finding.kind()));
        }
        secrets.put("findings", findings);
        secrets.put(
                "locations",
                tree.secrets.stream()
                        .map(f -> f.path() + ":" + f.line() + " (" + f.kind() + ")")
                        .toList());
        secrets.put("filesScanned", tree.scannedFiles);
        secrets.put("files", tree.files);
        secrets.put("skippedBinary", tree.skippedBinary);
        secrets.put("skippedTooLarge", tree.skippedTooLarge);
        secrets.put("skippedSymlinks", tree.symlinks);
        secrets.put("skippedSubmodules", tree.submodules);
        secrets.put("maxFileBytes", tree.maxFileBytes());
        resource.attribute("secrets", secrets);
    }

    private static List<String> tools(TreeScanner tree, CiConfiguration.Category category) {
        return List.copyOf(new TreeSet<>(tree.scanners.stream()
                .filter(s -> s.category() == category)
                .map(CiConfiguration.Scanner::tool)
                .toList()));
    }

    private static String category(CiConfiguration.Category category) {
        return switch (category) {
            case STATIC_ANALYSIS -> "static-analysis";
            case DEPENDENCY_SCANNING -> "dependency-scanning";
            case SECRET_SCANNING -> "secret-scanning";
        };
    }

    private record Head(String branch, RevCommit commit) {}

    /** The configured branch, or the repository's HEAD; a branch that does not exist is a configuration error. */
    private Head resolve(Repository repository) throws CollectionException {
        try {
            String branch;
            Ref ref;
            if (settings.branch() == null) {
                ref = repository.exactRef(Constants.HEAD);
                if (ref == null) {
                    throw GitRepositoryConnectorFactory.configuration(settings.location() + " has no HEAD");
                }
                branch = ref.isSymbolic()
                        ? Repository.shortenRefName(ref.getTarget().getName())
                        : Constants.HEAD;
            } else {
                branch = settings.branch();
                ref = repository.exactRef(Constants.R_HEADS + branch);
                if (ref == null) {
                    ref = repository.exactRef(Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/" + branch);
                }
                if (ref == null) {
                    throw GitRepositoryConnectorFactory.configuration("branch '" + branch + "' does not exist in "
                            + settings.location() + "; branches: " + branches(repository));
                }
            }
            ObjectId id = ref.getObjectId();
            if (id == null) {
                throw GitRepositoryConnectorFactory.configuration(
                        settings.location() + " has no commits on " + branch + " yet");
            }
            try (RevWalk walk = new RevWalk(repository)) {
                return new Head(branch, walk.parseCommit(id));
            }
        } catch (IncorrectObjectTypeException e) {
            throw GitRepositoryConnectorFactory.configuration(
                    "the branch does not point at a commit: " + e.getMessage());
        } catch (MissingObjectException e) {
            throw new CollectionException(
                    Category.INVALID_RESPONSE, settings.location() + " is incomplete: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CollectionException(
                    Category.INVALID_RESPONSE, settings.location() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String branches(Repository repository) throws IOException {
        List<String> names = repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                .map(r -> Repository.shortenRefName(r.getName()))
                .limit(10)
                .toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private String repositoryName() {
        String location = settings.path() != null
                ? settings.path().toString()
                : settings.url().getPath() == null
                        ? settings.url().toString()
                        : settings.url().getPath();
        String trimmed = location.replaceAll("/+$", "");
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        if (last.endsWith(".git") && last.length() > 4) {
            last = last.substring(0, last.length() - 4);
        }
        return last.isEmpty() ? settings.location() : last;
    }
}
