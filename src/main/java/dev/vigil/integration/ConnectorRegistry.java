package dev.vigil.integration;

import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.connector.ConnectorFactory;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.springframework.stereotype.Component;

/** The connectors on the class path, found through {@link ServiceLoader}. */
@Component
public class ConnectorRegistry {

    private final Map<String, ConnectorFactory> factories = new LinkedHashMap<>();

    ConnectorRegistry() {
        ServiceLoader.load(ConnectorFactory.class, ConnectorRegistry.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(f -> f.descriptor().id()))
                .forEach(factory -> {
                    ConnectorFactory previous =
                            factories.putIfAbsent(factory.descriptor().id(), factory);
                    if (previous != null) {
                        throw new IllegalStateException("two connectors claim the id "
                                + factory.descriptor().id() + ": "
                                + previous.getClass().getName() + " and "
                                + factory.getClass().getName());
                    }
                });
    }

    public List<ConnectorDescriptor> descriptors() {
        return factories.values().stream().map(ConnectorFactory::descriptor).toList();
    }

    public Optional<ConnectorDescriptor> descriptor(String id) {
        return factory(id).map(ConnectorFactory::descriptor);
    }

    Optional<ConnectorFactory> factory(String id) {
        return Optional.ofNullable(factories.get(id));
    }
}
