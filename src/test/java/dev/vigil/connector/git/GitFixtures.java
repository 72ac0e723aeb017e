package dev.vigil.connector.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ObservedResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real git repositories for tests, made with the git command line in an isolated home (no system or user
 * configuration leaks in). Signed commits are signed for real, with an SSH key made by ssh-keygen for the test.
 *
 * <p>Credentials that the scanner must find are assembled at run time, so that this source file itself contains
 * none.
 */
public final class GitFixtures {

    private final Path home;
    private Path signingKey;

    public GitFixtures(Path home) {
        this.home = home;
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve(".gitconfig"), """
                    [user]
                        name = Test Developer
                        email = developer@example.com
                    [init]
                        defaultBranch = main
                    [commit]
                        gpgsign = false
                    [advice]
                        detachedHead = false
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an empty repository with a working tree. */
    public Repo init(Path directory) {
        Repo repo = new Repo(directory);
        repo.git("init", "-q", directory.toString());
        return repo;
    }

    /** Creates an empty bare repository. */
    public Path initBare(Path directory) {
        run(directory.getParent(), "git", "init", "-q", "--bare", directory.toString());
        return directory;
    }

    /** An SSH key made once per fixture, used to sign commits the way developers do. */
    Path signingKey() {
        if (signingKey == null) {
            signingKey = home.resolve("signing_ed25519");
            run(home, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-signing", "-f", signingKey.toString());
        }
        return signingKey;
    }

    /** A repository under construction. */
    public final class Repo {
        private final Path directory;

        Repo(Path directory) {
            this.directory = directory;
        }

        public Path directory() {
            return directory;
        }

        public Repo write(String path, String content) {
            return write(path, content.getBytes(StandardCharsets.UTF_8));
        }

        public Repo write(String path, byte[] content) {
            try {
                Path file = directory.resolve(path);
                Files.createDirectories(file.getParent());
                Files.write(file, content);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Repo symlink(String path, String target) {
            try {
                Path link = directory.resolve(path);
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, Path.of(target));
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Repo delete(String path) {
            try {
                Files.delete(directory.resolve(path));
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Commits everything in the working tree, unsigned. */
        public Repo commit(String message) {
            git("add", "-A");
            git("commit", "-q", "--allow-empty", "-m", message);
            return this;
        }

        /** Commits everything in the working tree with a real SSH signature (a gpgsig header). */
        public Repo commitSigned(String message) {
            git("add", "-A");
            git(
                    "-c",
                    "gpg.format=ssh",
                    "-c",
                    "user.signingkey=" + signingKey(),
                    "commit",
                    "-q",
                    "-S",
                    "--allow-empty",
                    "-m",
                    message);
            return this;
        }

        public String head() {
            return git("rev-parse", "HEAD").strip();
        }

        public String git(String... arguments) {
            List<String> command = new ArrayList<>();
            command.add("git");
            command.addAll(List.of(arguments));
            return run(directory.toFile().exists() ? directory : directory.getParent(), command.toArray(String[]::new));
        }
    }

    /** Runs a command in the isolated home and returns its standard output; fails the test when it fails. */
    public String run(Path workingDirectory, String... command) {
        try {
            Files.createDirectories(workingDirectory);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
            builder.environment().put("HOME", home.toString());
            builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            builder.environment()
                    .put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
            builder.environment().remove("GIT_DIR");
            builder.environment().remove("GIT_WORK_TREE");
            builder.redirectErrorStream(true);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue())
                    .as("%s: %s", String.join(" ", command), output)
                    .isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- credentials in the formats the scanner knows, made at run time ---------------------------

    /** A freshly generated RSA private key in PEM (PKCS #8), as it would be committed by mistake. */
    public static String privateKeyPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
            String label = "PRIVATE" + " KEY";
            return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String githubToken() {
        return "gh" + "p_" + "R4nd0mL00kingT0kenV4lue1234567890abc";
    }

    public static String gitlabToken() {
        return "gl" + "pat-" + "Xy12_ab34-Cd56ef78Gh90";
    }

    public static String awsKeyId() {
        return "AK" + "IA" + "QWERTYUIOPASDFGH";
    }

    public static String awsSecret() {
        return "wJalr" + "XUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY0";
    }

    public static String slackToken() {
        return "xo" + "xb-" + "123456789012-123456789012-" + "AbCdEfGhIjKlMnOpQrStUvWx";
    }

    public static String googleKey() {
        return "AI" + "za" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";
    }

    public static String stripeKey() {
        return "sk" + "_live_" + "51HqLyjWDarjtT1zdp7dcXyZ9";
    }

    // --- running the connector --------------------------------------------------------------------

    /** Runs the connector with these settings (validated against its schema) and returns the one resource. */
    public static ObservedResource collect(Map<String, Object> settings) throws CollectionException {
        GitRepositoryConnectorFactory factory = new GitRepositoryConnectorFactory();
        Map<String, Object> validated = factory.descriptor().configSchema().validate(settings);
        List<ObservedResource> observed = new ArrayList<>();
        factory.create(new ConnectorConfiguration(validated)).collect(new CollectionSink() {
            @Override
            public void accept(ObservedResource resource) {
                observed.add(resource);
            }
        });
        assertThat(observed).hasSize(1);
        assertThat(observed.get(0).type()).isEqualTo(GitRepositoryConnectorFactory.RESOURCE_TYPE);
        return observed.get(0);
    }

    public static ObservedResource collect(Path path) throws CollectionException {
        return collect(Map.of("path", path.toString()));
    }

    /** A nested attribute, for example {@code at(resource, "secrets", "count")}. */
    @SuppressWarnings("unchecked")
    public static <T> T at(ObservedResource resource, String... keys) {
        Object value = resource.attributes();
        for (String key : keys) {
            assertThat(value).as("attribute path %s", String.join(".", keys)).isInstanceOf(Map.class);
            value = ((Map<String, Object>) value).get(key);
        }
        return (T) value;
    }

    /** A list attribute, for example {@code list(resource, "ci", "staticAnalysis")}. */
    public static List<Object> list(ObservedResource resource, String... keys) {
        return at(resource, keys);
    }

    /** The well-kept repository of the tests: every git-repository check passes on it. */
    public Repo wellKept(Path directory) {
        Repo repo = init(directory);
        repo.write("SECURITY.md", "# Security policy\n\nReport vulnerabilities to security@example.com.\n")
                .write(
                        ".github/CODEOWNERS",
                        "# owners\n*            @example/engineering\n/src/auth/   @example/security\n")
                .write("pom.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <project xmlns="http://maven.apache.org/POM/4.0.0">
                          <modelVersion>4.0.0</modelVersion>
                          <groupId>com.example</groupId>
                          <artifactId>shop</artifactId>
                          <version>1.4.0</version>
                          <properties>
                            <jackson.version>2.17.2</jackson.version>
                          </properties>
                          <dependencies>
                            <dependency>
                              <groupId>com.fasterxml.jackson.core</groupId>
                              <artifactId>jackson-databind</artifactId>
                              <version>${jackson.version}</version>
                            </dependency>
                            <dependency>
                              <groupId>org.slf4j</groupId>
                              <artifactId>slf4j-api</artifactId>
                            </dependency>
                            <dependency>
                              <groupId>org.junit.jupiter</groupId>
                              <artifactId>junit-jupiter</artifactId>
                              <version>5.11.0</version>
                              <scope>test</scope>
                            </dependency>
                          </dependencies>
                        </project>
                        """)
                .write("web/package.json", """
                        {"name": "shop-web", "version": "1.0.0",
                         "dependencies": {"express": "4.19.2", "@angular/core": "^17.3.0"},
                         "devDependencies": {"jest": "~29.7.0"}}
                        """)
                .write("web/package-lock.json", "{\"lockfileVersion\": 3}\n")
                .write("tools/requirements.txt", "# tools\nrequests==2.32.3\nPyYAML>=6.0\n-r base.txt\n")
                .write(
                        "agent/go.mod",
                        "module example.com/agent\n\ngo 1.22\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.1\n"
                                + "\tgolang.org/x/sys v0.21.0 // indirect\n)\n")
                .write("agent/go.sum", "github.com/spf13/cobra v1.8.1 h1:abc=\n")
                .write(
                        "cli/Cargo.toml",
                        "[package]\nname = \"cli\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = { version ="
                                + " \"1.0\", features = [\"derive\"] }\nclap = \"=4.5.4\"\n\n[dev-dependencies]\n"
                                + "tempfile = \"3\"\n")
                .write("src/main/java/com/example/Shop.java", "package com.example;\n\nclass Shop {}\n")
                .write("web/src/index.js", "console.log('shop');\n")
                .write(".github/workflows/codeql.yml", """
                        name: CodeQL
                        on: [push, pull_request]
                        jobs:
                          analyze:
                            runs-on: ubuntu-latest
                            steps:
                              - uses: actions/checkout@v4
                              - uses: github/codeql-action/init@v3
                                with: {languages: java-kotlin}
                              - uses: github/codeql-action/analyze@v3
                        """)
                .write(".github/workflows/dependencies.yml", """
                        name: Dependencies
                        on: pull_request
                        jobs:
                          review:
                            runs-on: ubuntu-latest
                            steps:
                              - uses: actions/checkout@v4
                              - uses: actions/dependency-review-action@v4
                              - uses: gitleaks/gitleaks-action@v2
                        """)
                .write(".github/dependabot.yml", """
                        version: 2
                        updates:
                          - package-ecosystem: maven
                            directory: /
                            schedule: {interval: weekly}
                        """);
        repo.commitSigned("Initial import");
        repo.write("README.md", "# Shop\n").commitSigned("Add a readme");
        return repo;
    }

    /** Settings for collecting a local clone. */
    public static Map<String, Object> pathSettings(Path path, Object... more) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("path", path.toString());
        for (int i = 0; i < more.length; i += 2) {
            settings.put((String) more[i], more[i + 1]);
        }
        return settings;
    }
}
