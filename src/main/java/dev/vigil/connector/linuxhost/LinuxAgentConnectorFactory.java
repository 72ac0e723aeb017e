package dev.vigil.connector.linuxhost;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.Collector;
import dev.vigil.connector.ConfigSchema;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.connector.ConnectorFactory;
import java.util.List;

/**
 * The {@code linux-agent} connector: a Linux machine that reports itself. The Vigil agent runs the {@code
 * linux-host} collector on the machine and pushes what it saw; the server never collects such an integration
 * itself, so this collector refuses to run and says where the data comes from instead. It declares the same
 * resource type as {@code linux-host}, so the same checks apply.
 */
public final class LinuxAgentConnectorFactory implements ConnectorFactory {

    public static final String ID = "linux-agent";

    private static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(
            ID,
            "Linux host (agent)",
            "A Linux machine that reports its own security settings with the Vigil agent; for machines Vigil"
                    + " cannot read directly.",
            List.of(LinuxHostConnectorFactory.RESOURCE_TYPE),
            ConfigSchema.of());

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Collector create(ConnectorConfiguration configuration) throws CollectionException {
        throw new CollectionException(
                CollectionException.Category.CONFIGURATION,
                "A linux-agent integration is filled by the Vigil agent running on the machine itself"
                        + " (java -jar vigil.jar agent); Vigil does not collect it. Create an agent token for it"
                        + " and start the agent there.");
    }
}
