package dev.vigil.agent;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.connector.ConnectorFactory;
import dev.vigil.connector.ObservedResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Observes the machine with the {@code linux-host} collector, found through the connector SPI exactly as the
 * server finds it, with its default settings and the given root. Commands ({@code sshd -T}) run only when the
 * root is the real {@code /}, as on the server.
 */
final class HostObserver {

    static final String CONNECTOR = "linux-host";

    private final ConnectorFactory factory;

    HostObserver() {
        this.factory = ServiceLoader.load(ConnectorFactory.class, HostObserver.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.descriptor().id().equals(CONNECTOR))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the " + CONNECTOR + " connector is not in this jar"));
    }

    /** The resources seen below {@code root}, of the types the connector declares, each (type, id) once. */
    List<ObservedResource> observe(String root) throws CollectionException {
        ConnectorDescriptor descriptor = factory.descriptor();
        Map<String, Object> settings = descriptor.configSchema().validate(Map.of("rootPath", root));
        Map<String, ObservedResource> observed = new LinkedHashMap<>();
        factory.create(new ConnectorConfiguration(settings)).collect(new CollectionSink() {
            @Override
            public void accept(ObservedResource resource) {
                if (descriptor.resourceTypes().contains(resource.type())) {
                    observed.put(resource.type() + "\u0000" + resource.externalId(), resource);
                }
            }
        });
        return List.copyOf(observed.values());
    }
}
