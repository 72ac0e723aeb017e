package dev.vigil.connector.linuxhost;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ObservedResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Fixture trees of src/test/resources/fixtures/linux-host and a way to run the collector on them. */
final class Fixtures {

    static final Path DIRECTORY = Path.of("src/test/resources/fixtures/linux-host");

    private Fixtures() {}

    static Path fixture(String name) {
        return DIRECTORY.resolve(name).toAbsolutePath();
    }

    /** A writable copy of a fixture, for tests that change modes or replace files. */
    static Path copy(String name, Path target) throws IOException {
        Path source = fixture(name);
        try (Stream<Path> paths = Files.walk(source)) {
            paths.forEach(path -> {
                Path destination = target.resolve(source.relativize(path).toString());
                try {
                    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(path, destination, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }

    static ObservedResource collect(Path root) throws CollectionException {
        return collect(Map.of(LinuxHostConnectorFactory.ROOT_PATH, root.toString()));
    }

    /** Runs one collection with the given settings and returns the one resource it must report. */
    static ObservedResource collect(Map<String, Object> settings) throws CollectionException {
        LinuxHostConnectorFactory factory = new LinuxHostConnectorFactory();
        Map<String, Object> validated = factory.descriptor().configSchema().validate(settings);
        List<ObservedResource> reported = new ArrayList<>();
        factory.create(new ConnectorConfiguration(validated)).collect(new CollectionSink() {
            @Override
            public void accept(ObservedResource resource) {
                reported.add(resource);
            }
        });
        if (reported.size() != 1) {
            throw new AssertionError("expected exactly one resource, got " + reported.size());
        }
        return reported.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(ObservedResource resource, String key) {
        return (Map<String, Object>) resource.attributes().get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(ObservedResource resource, String key) {
        return (List<Map<String, Object>>) resource.attributes().get(key);
    }
}
