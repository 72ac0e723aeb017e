package dev.vigil.connector.git;

import dev.vigil.connector.ObservedResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Times one git-repository collection over a generated repository (default 10,000 files of source-like text,
 * with manifests, a workflow and two committed credentials among them). Run by {@code bench/git-scan.sh}; not a
 * test (Surefire only runs {@code *Test} classes).
 *
 * <p>Arguments: the directory to create the repository in, the number of files (default 10000), and the number of
 * timed runs (default 5). Prints each run and the median.
 */
public final class GitScanBenchmark {

    private GitScanBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : "target/bench-git").toAbsolutePath();
        int fileCount = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        GitFixtures fixtures = new GitFixtures(base.resolve("home"));
        Path directory = base.resolve("repo-" + fileCount);

        if (!Files.isDirectory(directory.resolve(".git"))) {
            long started = System.nanoTime();
            GitFixtures.Repo repo = fixtures.init(directory);
            StringBuilder body = new StringBuilder();
            for (int line = 0; line < 60; line++) {
                body.append("    private static final String FIELD_")
                        .append(line)
                        .append(" = \"value number ")
                        .append(line)
                        .append(" of a generated source file\";\n");
            }
            for (int i = 0; i < fileCount; i++) {
                String path = "module" + (i % 100) + "/src/File" + i + ".java";
                repo.write(path, "package module" + (i % 100) + ";\n\nclass File" + i + " {\n" + body + "}\n");
            }
            repo.write(
                            "pom.xml",
                            "<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId>"
                                    + "<version>1.0</version></dependency></dependencies></project>\n")
                    .write(".github/workflows/ci.yml", "steps:\n  - uses: github/codeql-action/init@v3\n")
                    .write("module7/src/secrets.env", "TOKEN=" + GitFixtures.githubToken() + "\n")
                    .write("module9/src/key.pem", GitFixtures.privateKeyPem());
            repo.commit("Generated repository with " + fileCount + " files");
            System.out.printf("created %s (%d files) in %d ms%n", directory, fileCount + 4, millis(started));
        }

        List<Long> durations = new ArrayList<>();
        ObservedResource resource = null;
        for (int run = 1; run <= runs; run++) {
            long started = System.nanoTime();
            resource = GitFixtures.collect(Map.of("path", directory.toString()));
            long elapsed = millis(started);
            durations.add(elapsed);
            System.out.printf("run %d: %d ms%n", run, elapsed);
        }
        List<Long> sorted = new ArrayList<>(durations);
        sorted.sort(null);
        System.out.printf(
                "files scanned %s, secrets %s, first run %d ms, median %d ms over %d runs%n",
                GitFixtures.<Object>at(resource, "secrets", "filesScanned"),
                GitFixtures.<Object>at(resource, "secrets", "count"),
                durations.get(0),
                sorted.get(sorted.size() / 2),
                runs);
    }

    private static long millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
