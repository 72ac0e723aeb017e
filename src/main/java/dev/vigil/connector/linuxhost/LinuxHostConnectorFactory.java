package dev.vigil.connector.linuxhost;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.Collector;
import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.ConfigSchema;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.connector.ConnectorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code linux-host} connector: reads the security settings of a Linux machine (sshd, firewall, updates,
 * accounts, logging, disk encryption) from its files. It runs where the host's files are visible, on the host
 * itself or with the host's root mounted, and never logs in anywhere, so it needs no credentials.
 */
public final class LinuxHostConnectorFactory implements ConnectorFactory {

    public static final String ID = "linux-host";
    public static final String RESOURCE_TYPE = "host.linux";
    static final String ROOT_PATH = "rootPath";
    static final String RUN_COMMANDS = "runCommands";
    static final String WORLD_WRITABLE_SCAN_PATHS = "worldWritableScanPaths";
    static final String DEFAULT_SCAN_PATHS = "/etc,/usr/bin,/usr/sbin,/usr/local/bin,/usr/local/sbin,/bin,/sbin";

    private static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(
            ID,
            "Linux host",
            "Reads a Linux machine's security settings (SSH, firewall, updates, accounts, logging, encryption) from its files.",
            List.of(RESOURCE_TYPE),
            ConfigSchema.of(
                    ConfigProperty.string(
                            ROOT_PATH,
                            "Root directory",
                            "Absolute path of the host's filesystem root: / on the host itself, or where its root is mounted.",
                            "/"),
                    ConfigProperty.bool(
                            RUN_COMMANDS,
                            "Run commands",
                            "Ask the system itself (sshd -T, nft list ruleset) for effective settings. Only used when the"
                                    + " root directory is /.",
                            true),
                    ConfigProperty.string(
                            WORLD_WRITABLE_SCAN_PATHS,
                            "World-writable scan paths",
                            "Comma-separated directories, below the root directory, searched for world-writable files.",
                            DEFAULT_SCAN_PATHS)));

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Collector create(ConnectorConfiguration configuration) throws CollectionException {
        String rootPath = configuration.string(ROOT_PATH).orElse("/");
        boolean runCommands = !configuration.values().containsKey(RUN_COMMANDS) || configuration.flag(RUN_COMMANDS);
        List<String> scanPaths = Arrays.stream(configuration
                        .string(WORLD_WRITABLE_SCAN_PATHS)
                        .orElse(DEFAULT_SCAN_PATHS)
                        .split(","))
                .map(String::strip)
                .filter(path -> !path.isEmpty())
                .map(path -> path.startsWith("/") ? path : "/" + path)
                .toList();
        return new LinuxHostConnector(checkRoot(rootPath), runCommands, scanPaths);
    }

    /** The root directory, or a configuration error saying exactly what is wrong with it. */
    static Path checkRoot(String rootPath) throws CollectionException {
        Path root = Path.of(rootPath);
        if (!root.isAbsolute()) {
            throw new CollectionException(
                    CollectionException.Category.CONFIGURATION,
                    "rootPath must be an absolute path, got '" + rootPath + "'");
        }
        if (!Files.exists(root)) {
            throw new CollectionException(
                    CollectionException.Category.CONFIGURATION, "rootPath " + rootPath + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new CollectionException(
                    CollectionException.Category.CONFIGURATION, "rootPath " + rootPath + " is not a directory");
        }
        return root.normalize();
    }
}
