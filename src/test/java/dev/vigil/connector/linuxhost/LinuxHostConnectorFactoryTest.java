package dev.vigil.connector.linuxhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxHostConnectorFactoryTest {

    private final LinuxHostConnectorFactory factory = new LinuxHostConnectorFactory();

    @Test
    void isFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(LinuxHostConnectorFactory.class);
    }

    @Test
    void describesTheConnectorAndItsSettings() {
        var descriptor = factory.descriptor();

        assertThat(descriptor.id()).isEqualTo("linux-host");
        assertThat(descriptor.name()).isEqualTo("Linux host");
        assertThat(descriptor.resourceTypes()).containsExactly("host.linux");
        assertThat(descriptor.configSchema().validate(Map.of()))
                .containsEntry("rootPath", "/")
                .containsEntry("runCommands", true)
                .containsEntry(
                        "worldWritableScanPaths", "/etc,/usr/bin,/usr/sbin,/usr/local/bin,/usr/local/sbin,/bin,/sbin");
        assertThat(descriptor.configSchema().properties()).noneMatch(property -> property.secret());
    }

    @Test
    void relativeRootIsAConfigurationError() {
        assertConfigurationError("fixtures/host", "rootPath must be an absolute path, got 'fixtures/host'");
    }

    @Test
    void missingRootIsAConfigurationError(@TempDir Path temporary) {
        Path missing = temporary.resolve("missing");

        assertConfigurationError(missing.toString(), "rootPath " + missing + " does not exist");
    }

    @Test
    void rootThatIsAFileIsAConfigurationError(@TempDir Path temporary) throws Exception {
        Path file = Files.writeString(temporary.resolve("file"), "");

        assertConfigurationError(file.toString(), "rootPath " + file + " is not a directory");
    }

    @Test
    void rootThatVanishesBeforeTheRunFailsTheRun(@TempDir Path temporary) throws Exception {
        Path root = Files.createDirectories(temporary.resolve("root"));
        var collector = factory.create(new ConnectorConfiguration(Map.of("rootPath", root.toString())));
        Files.delete(root);

        assertThatThrownBy(() -> collector.collect(resource -> {}))
                .isInstanceOfSatisfying(
                        CollectionException.class,
                        e -> assertThat(e.category()).isEqualTo(CollectionException.Category.CONFIGURATION));
    }

    private void assertConfigurationError(String rootPath, String message) {
        assertThatThrownBy(() -> factory.create(new ConnectorConfiguration(Map.of("rootPath", rootPath))))
                .isInstanceOfSatisfying(
                        CollectionException.class,
                        e -> assertThat(e.category()).isEqualTo(CollectionException.Category.CONFIGURATION))
                .hasMessage(message);
    }
}
