package dev.vigil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The host trees under {@code src/test/resources/fixtures/linux-host}, copied where a test may change them. */
public final class LinuxHostFixtures {

    private LinuxHostFixtures() {}

    /**
     * Copies a fixture tree (links stay links).
     *
     * @param fixture the folder name, for example {@code debian12-stock}
     * @return {@code target}, now holding the tree
     */
    public static Path copy(String fixture, Path target) throws IOException {
        Path source = Path.of("src/test/resources/fixtures/linux-host", fixture).toAbsolutePath();
        try (Stream<Path> paths = Files.walk(source)) {
            paths.forEach(path -> {
                try {
                    Path destination = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(path, destination, LinkOption.NOFOLLOW_LINKS);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }
}
