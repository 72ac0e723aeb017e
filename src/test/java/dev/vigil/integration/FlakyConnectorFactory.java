package dev.vigil.integration;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.ConfigSchema;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.connector.ConnectorFactory;
import dev.vigil.connector.Resources;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector for tests of the platform's failure handling: it fails a configured number of times with a
 * configured category, then reports one resource. Registered only on the test class path.
 */
public class FlakyConnectorFactory implements ConnectorFactory {

    /** Attempts per {@code key} setting, so a test can see how often the platform tried. */
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor(
                "test-flaky",
                "Flaky test system",
                "Fails on purpose; exists only in Vigil's tests.",
                List.of("test.item"),
                ConfigSchema.of(
                        ConfigProperty.string("key", "Key", "Names this test's attempt counter", null),
                        ConfigProperty.integer("failures", "Failures", "How many attempts fail first", 0L),
                        ConfigProperty.string("category", "Category", "CollectionException category", "NETWORK"),
                        new ConfigProperty(
                                "token", ConfigProperty.Type.STRING, "Token", "A credential", false, true, null),
                        ConfigProperty.integer("hangMillis", "Hang", "How long each attempt hangs first", 0L),
                        ConfigProperty.optionalString(
                                "unreadable", "Unreadable", "An attribute reported as not determined, with why"),
                        ConfigProperty.optionalString(
                                "expectedTokenReversed",
                                "Expected token, reversed",
                                "What the token must be, written backwards so it is not the secret itself")));
    }

    @Override
    public dev.vigil.connector.Collector create(dev.vigil.connector.ConnectorConfiguration configuration) {
        String key = configuration.requireString("key");
        long failures = configuration.requireLong("failures");
        CollectionException.Category category =
                CollectionException.Category.valueOf(configuration.requireString("category"));
        String token = configuration.string("token").orElse(null);
        String expectedToken = configuration
                .string("expectedTokenReversed")
                .map(reversed -> new StringBuilder(reversed).reverse().toString())
                .orElse(null);
        long hangMillis = configuration.requireLong("hangMillis");
        String unreadable = configuration.string("unreadable").orElse(null);
        return sink -> {
            if (hangMillis > 0) {
                try {
                    Thread.sleep(hangMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CollectionException(CollectionException.Category.NETWORK, "interrupted while hanging");
                }
            }
            if (expectedToken != null && !expectedToken.equals(token)) {
                throw new CollectionException(CollectionException.Category.AUTHENTICATION, "the token was refused");
            }
            int attempt =
                    ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (attempt <= failures) {
                throw new CollectionException(category, "simulated " + category + " failure, attempt " + attempt);
            }
            var resource = Resources.builder("test.item", key, key).attribute("attempt", (long) attempt);
            if (unreadable != null) {
                resource.unknown(unreadable, "permission denied reading " + unreadable);
            }
            sink.accept(resource.build());
        };
    }
}
