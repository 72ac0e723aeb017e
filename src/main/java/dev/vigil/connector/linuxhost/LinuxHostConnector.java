package dev.vigil.connector.linuxhost;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.Collector;
import dev.vigil.connector.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Observes one Linux host and reports it as a single {@code host.linux} resource whose external id is the
 * hostname.
 *
 * <p>Everything is read from files below the configured root, {@code /proc} and {@code /sys} included, so a
 * mounted disk image or a test fixture reads like a live machine. Commands ({@code sshd -T}, {@code nft list
 * ruleset}) only run when the root is the real {@code /}. Each section of the attribute document stands alone:
 * a part that cannot be read becomes an {@code unknown} entry with the reason, and the run goes on. Only a
 * missing or invalid root fails the run.
 */
public final class LinuxHostConnector implements Collector {

    /** Reads one section of the attribute document. */
    @FunctionalInterface
    private interface Section {
        Object read() throws IOException, UndeterminedException;
    }

    private final Path root;
    private final boolean runCommands;
    private final List<String> worldWritableScanPaths;

    LinuxHostConnector(Path root, boolean runCommands, List<String> worldWritableScanPaths) {
        this.root = root;
        this.runCommands = runCommands;
        this.worldWritableScanPaths = List.copyOf(worldWritableScanPaths);
    }

    @Override
    public void collect(CollectionSink sink) throws CollectionException {
        LinuxHostConnectorFactory.checkRoot(root.toString());
        HostFiles files = new HostFiles(root);
        HostState state = new HostState(files);
        CommandRunner commands = runCommands && isRealRoot() ? CommandRunner.enabled() : CommandRunner.disabled();
        String hostname = SystemReader.hostname(files);
        Resources resource = Resources.builder(LinuxHostConnectorFactory.RESOURCE_TYPE, hostname, hostname);
        resource.attribute("hostname", hostname);

        read(resource, sink, "os", () -> SystemReader.operatingSystem(files));
        read(resource, sink, "kernel", () -> SystemReader.kernel(files));
        read(resource, sink, "sshd", () -> SshdReader.read(files, commands));
        read(resource, sink, "firewall", () -> new FirewallReader(files, state, commands).read());
        read(resource, sink, "automaticUpdates", () -> new AutomaticUpdatesReader(files, state).read());
        read(resource, sink, "logging", () -> new LoggingReader(files, state).read());
        read(resource, sink, "intrusionDetection", () -> new IntrusionDetectionReader(files, state).read());
        read(resource, sink, "timeSync", () -> new TimeSyncReader(files, state).read());
        ShadowFile shadow = ShadowFile.read(files);
        read(resource, sink, "accounts", () -> {
            AccountsReader.Accounts accounts = AccountsReader.read(files, shadow);
            if (!accounts.malformedLines().isEmpty()) {
                resource.unknown("passwd", String.join("; ", accounts.malformedLines()));
            }
            return accounts.accounts();
        });
        if (!shadow.readable()) {
            resource.unknown("shadow", shadow.problem());
        }
        read(resource, sink, "passwordPolicy", () -> new PasswordPolicyReader(files, shadow).read());
        read(resource, sink, "worldWritable", () -> new WorldWritableScanner(files).scan(worldWritableScanPaths));
        read(resource, sink, "filePermissions", () -> FilePermissionsReader.read(files));
        read(resource, sink, "kernelParameters", () -> SystemReader.kernelParameters(files));
        read(resource, sink, "volumes", () -> new VolumesReader(files).read());

        files.raw().forEach(resource::raw);
        sink.accept(resource.build());
    }

    /** Reads one section; whatever goes wrong in it becomes that section's unknown reason. */
    private static void read(Resources resource, CollectionSink sink, String key, Section section) {
        sink.progress("reading " + key);
        try {
            resource.attribute(key, section.read());
        } catch (IOException | UndeterminedException e) {
            resource.unknown(key, e.getMessage());
        } catch (RuntimeException e) {
            resource.unknown(key, "unexpected error while reading " + key + ": " + e);
        }
    }

    /** Commands describe the machine Vigil runs on, so they only make sense when the root is that machine's. */
    private boolean isRealRoot() {
        try {
            return root.toRealPath().equals(Path.of("/"));
        } catch (IOException e) {
            return false;
        }
    }
}
