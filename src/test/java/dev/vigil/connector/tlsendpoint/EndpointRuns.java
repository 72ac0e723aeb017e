package dev.vigil.connector.tlsendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ObservedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real connector the way the platform does: validate the settings, create, collect. */
public final class EndpointRuns {

    private EndpointRuns() {}

    /** One collection; returns the single resource it must report. */
    public static ObservedResource collect(Map<String, Object> settings) throws CollectionException {
        TlsEndpointConnectorFactory factory = new TlsEndpointConnectorFactory();
        Map<String, Object> validated = factory.descriptor().configSchema().validate(settings);
        List<ObservedResource> reported = new ArrayList<>();
        factory.create(new ConnectorConfiguration(validated)).collect(new CollectionSink() {
            @Override
            public void accept(ObservedResource resource) {
                reported.add(resource);
            }
        });
        assertThat(reported).hasSize(1);
        return reported.get(0);
    }
}
