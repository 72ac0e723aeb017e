package dev.vigil.connector;

/**
 * Entry point of a connector, discovered through {@link java.util.ServiceLoader} (list implementations in
 * {@code META-INF/services/dev.vigil.connector.ConnectorFactory}).
 *
 * <p>Implementations are stateless and thread-safe; the platform creates one {@link Collector} per collection
 * run and never shares it between threads.
 */
public interface ConnectorFactory {

    /** What this connector is, what it yields and how it is configured. Must be constant. */
    ConnectorDescriptor descriptor();

    /**
     * Creates a collector for one integration.
     *
     * @param configuration the integration's settings, already validated against {@link
     *     ConnectorDescriptor#configSchema()}, secrets decrypted
     * @throws CollectionException with {@link CollectionException.Category#CONFIGURATION} when the settings
     *     cannot work (for example a relative path)
     */
    Collector create(ConnectorConfiguration configuration) throws CollectionException;
}
