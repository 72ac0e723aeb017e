package dev.vigil.monitoring;

import static dev.vigil.monitoring.CheckStatus.ERROR;
import static dev.vigil.monitoring.CheckStatus.FAIL;
import static dev.vigil.monitoring.CheckStatus.NOT_APPLICABLE;
import static dev.vigil.monitoring.CheckStatus.PASS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorFactory;
import dev.vigil.connector.ObservedResource;
import dev.vigil.connector.postgres.PostgresTestServers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every shipped database.postgres check, evaluated on what the real postgres connector reads from two real
 * servers: a hardened one and a stock one with the leftovers of an old installation. Each test names the outcome
 * of every check, so a changed check or connector shows up here as a changed expectation.
 */
class PostgresChecksTest {

    private static final FrameworkCatalog CATALOG = FrameworkCatalog.load("content");
    private static final CheckEngine ENGINE = new CheckEngine(CATALOG, List.of(new DataVolumesEncryptedCheck()));

    static ObservedResource observe(Map<String, Object> raw) throws Exception {
        ConnectorFactory factory = ServiceLoader.load(ConnectorFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.descriptor().id().equals("postgres"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> settings = factory.descriptor().configSchema().validate(raw);
        List<ObservedResource> observed = new ArrayList<>();
        factory.create(new ConnectorConfiguration(settings)).collect(new CollectionSink() {
            @Override
            public void accept(ObservedResource resource) {
                observed.add(resource);
            }
        });
        assertThat(observed).hasSize(1);
        return observed.get(0);
    }

    static Map<String, CheckOutcome> evaluate(ObservedResource server) {
        Map<String, CheckOutcome> outcomes = new TreeMap<>();
        for (CheckDefinition check : CATALOG.checksFor("database.postgres")) {
            outcomes.put(check.id(), ENGINE.evaluate(check, server.attributes(), server.unknown()));
        }
        return outcomes;
    }

    private static Map<String, CheckStatus> statuses(Map<String, CheckOutcome> outcomes) {
        return outcomes.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status(), (a, b) -> a, TreeMap::new));
    }

    /** The check with other parameters, as a workspace whose policy differs would configure it. */
    private static CheckDefinition withParameters(String id, Map<String, Object> changes) {
        CheckDefinition check = CATALOG.check(id).orElseThrow();
        Map<String, Object> parameters = new HashMap<>(check.parameters());
        parameters.putAll(changes);
        return new CheckDefinition(
                check.id(),
                check.title(),
                check.resourceType(),
                check.severity(),
                check.implementation(),
                check.requires(),
                check.applicableWhen(),
                check.notApplicableReason(),
                check.expression(),
                check.observed(),
                check.passReason(),
                check.failReason(),
                parameters,
                check.rationale(),
                check.remediation(),
                check.fingerprint() + parameters.hashCode(),
                check.source());
    }

    private static ObservedResource hardened() throws Exception {
        return observe(PostgresTestServers.settings(
                PostgresTestServers.hardened(),
                PostgresTestServers.MONITOR,
                PostgresTestServers.MONITOR_PASSWORD,
                "require"));
    }

    private static ObservedResource stock() throws Exception {
        return observe(PostgresTestServers.settings(PostgresTestServers.stock(), "postgres", "unused", "prefer"));
    }

    @Test
    void theHardenedServerPassesEveryCheckItsPolicyAsksFor() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(hardened());

        Map<String, CheckStatus> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("postgres.connection-logging-enabled", PASS),
                Map.entry("postgres.data-checksums-enabled", PASS),
                Map.entry("postgres.ddl-statements-logged", PASS),
                Map.entry("postgres.hba-file-valid", PASS),
                Map.entry("postgres.hba-no-weak-authentication", PASS),
                Map.entry("postgres.hba-remote-connections-require-ssl", PASS),
                Map.entry("postgres.listen-addresses-restricted", PASS),
                Map.entry("postgres.login-role-password-expiry", NOT_APPLICABLE),
                Map.entry("postgres.major-version-supported", PASS),
                Map.entry("postgres.password-encryption-scram", PASS),
                Map.entry("postgres.pgaudit-loaded", NOT_APPLICABLE),
                Map.entry("postgres.public-schema-create-revoked", PASS),
                Map.entry("postgres.ssl-enabled", PASS),
                Map.entry("postgres.ssl-weak-ciphers-disabled", PASS),
                Map.entry("postgres.superusers-limited", PASS),
                Map.entry("postgres.tls-minimum-version", PASS)));
        assertThat(statuses(outcomes)).isEqualTo(expected);
        assertThat(outcomes.get("postgres.superusers-limited").reason())
                .isEqualTo("Superuser roles: postgres; within what the policy permits.");
        assertThat(outcomes.get("postgres.tls-minimum-version").reason())
                .isEqualTo("ssl_min_protocol_version is TLSv1.2.");
        assertThat(outcomes.get("postgres.major-version-supported").reason())
                .matches("PostgreSQL 17\\.\\d+ \\(major version 17, supported until 2029-11-08, observed"
                        + " \\d{4}-\\d{2}-\\d{2}\\)\\.");
        assertThat(outcomes.get("postgres.pgaudit-loaded").reason())
                .isEqualTo("The logging policy does not require pgaudit on this server (parameter requirePgaudit).");
    }

    @Test
    void theStockServerFailsTheHardeningChecks() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(stock());

        Map<String, CheckStatus> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("postgres.connection-logging-enabled", FAIL),
                Map.entry("postgres.data-checksums-enabled", FAIL),
                Map.entry("postgres.ddl-statements-logged", FAIL),
                Map.entry("postgres.hba-file-valid", FAIL),
                Map.entry("postgres.hba-no-weak-authentication", FAIL),
                Map.entry("postgres.hba-remote-connections-require-ssl", FAIL),
                Map.entry("postgres.listen-addresses-restricted", PASS),
                Map.entry("postgres.login-role-password-expiry", NOT_APPLICABLE),
                Map.entry("postgres.major-version-supported", PASS),
                Map.entry("postgres.password-encryption-scram", FAIL),
                Map.entry("postgres.pgaudit-loaded", NOT_APPLICABLE),
                Map.entry("postgres.public-schema-create-revoked", FAIL),
                Map.entry("postgres.ssl-enabled", FAIL),
                Map.entry("postgres.ssl-weak-ciphers-disabled", NOT_APPLICABLE),
                Map.entry("postgres.superusers-limited", FAIL),
                Map.entry("postgres.tls-minimum-version", NOT_APPLICABLE)));
        assertThat(statuses(outcomes)).isEqualTo(expected);
        assertThat(outcomes.get("postgres.hba-no-weak-authentication").reason())
                .startsWith("Rules with weak authentication: line ")
                .contains("(local trust)")
                .contains("(host md5)");
        assertThat(outcomes.get("postgres.hba-file-valid").reason())
                .matches("pg_hba.conf has lines the server rejects: line \\d+: invalid authentication method"
                        + " \"scram-sha-265\"\\.");
        assertThat(outcomes.get("postgres.hba-remote-connections-require-ssl").reason())
                .matches("Rules that let remote clients in without TLS: line \\d+ \\(host 10\\.0\\.0\\.0\\)\\.");
        assertThat(outcomes.get("postgres.superusers-limited").reason())
                .startsWith("Superuser roles: legacy_admin, postgres; more, or other, superusers");
        assertThat(outcomes.get("postgres.connection-logging-enabled").reason())
                .startsWith("log_connections=off, log_disconnections=off;");
    }

    @Test
    void withoutTheGrantsOnPgHbaFileRulesTheRuleChecksAreErrorsThatSayWhy() throws Exception {
        ObservedResource restricted = observe(PostgresTestServers.settings(
                PostgresTestServers.hardened(),
                PostgresTestServers.RESTRICTED,
                PostgresTestServers.RESTRICTED_PASSWORD,
                "require"));

        Map<String, CheckOutcome> outcomes = evaluate(restricted);

        for (String id : List.of(
                "postgres.hba-no-weak-authentication",
                "postgres.hba-remote-connections-require-ssl",
                "postgres.hba-file-valid")) {
            assertThat(outcomes.get(id).status()).as(id).isEqualTo(ERROR);
            assertThat(outcomes.get(id).reason())
                    .as(id)
                    .startsWith("Could not determine hba")
                    .contains("may not read pg_hba rules")
                    .contains("GRANT SELECT ON pg_catalog.pg_hba_file_rules TO app_reader");
        }
        assertThat(outcomes.values())
                .noneMatch(
                        outcome -> outcome.status() == PASS && outcome.reason().contains("pg_hba"));
        assertThat(outcomes.get("postgres.ssl-enabled").status()).isEqualTo(PASS);
    }

    @Test
    void turningTlsOffFailsTheCheckAndTurningItBackOnPassesIt() throws Exception {
        CheckDefinition check = CATALOG.check("postgres.ssl-enabled").orElseThrow();
        assertThat(evaluate(hardened()).get(check.id()).status()).isEqualTo(PASS);
        try {
            PostgresTestServers.changeSetting("ssl", "off", "off");

            ObservedResource plain = observe(PostgresTestServers.settings(
                    PostgresTestServers.hardened(),
                    PostgresTestServers.MONITOR,
                    PostgresTestServers.MONITOR_PASSWORD,
                    "prefer"));
            CheckOutcome off = ENGINE.evaluate(check, plain.attributes(), plain.unknown());
            assertThat(off.status()).isEqualTo(FAIL);
            assertThat(off.reason()).startsWith("ssl is off;");
        } finally {
            PostgresTestServers.changeSetting("ssl", null, "on");
        }
        assertThat(evaluate(hardened()).get(check.id()).status()).isEqualTo(PASS);
    }

    @Test
    void policyParametersDecideTheOptionalChecks() throws Exception {
        ObservedResource server = hardened();
        CheckEngine.PreparedResource prepared = CheckEngine.prepare(server.attributes(), server.unknown());

        CheckOutcome pgaudit =
                ENGINE.evaluate(withParameters("postgres.pgaudit-loaded", Map.of("requirePgaudit", true)), prepared);
        assertThat(pgaudit.status()).isEqualTo(FAIL);
        assertThat(pgaudit.reason()).isEqualTo("shared_preload_libraries: none; pgaudit is not loaded.");

        CheckOutcome expiry = ENGINE.evaluate(
                withParameters("postgres.login-role-password-expiry", Map.of("requirePasswordExpiry", true)), prepared);
        assertThat(expiry.status()).isEqualTo(FAIL);
        assertThat(expiry.reason()).isEqualTo("Login roles whose password never expires: postgres.");
        CheckOutcome exempted = ENGINE.evaluate(
                withParameters(
                        "postgres.login-role-password-expiry",
                        Map.of("requirePasswordExpiry", true, "exemptRoles", List.of("postgres"))),
                prepared);
        assertThat(exempted.status()).isEqualTo(PASS);

        CheckOutcome named = ENGINE.evaluate(
                withParameters("postgres.superusers-limited", Map.of("allowedSuperusers", List.of("dba"))), prepared);
        assertThat(named.status()).isEqualTo(FAIL);
    }

    @Test
    void aMajorVersionPastItsEndOfLifeFails() throws Exception {
        ObservedResource server = hardened();
        Map<String, Object> endOfLife = new LinkedHashMap<>(Map.of("17", "2026-01-01"));

        CheckOutcome outcome = ENGINE.evaluate(
                withParameters("postgres.major-version-supported", Map.of("endOfLife", endOfLife)),
                server.attributes(),
                server.unknown());

        assertThat(outcome.status()).isEqualTo(FAIL);
        assertThat(outcome.reason())
                .contains("supported until 2026-01-01")
                .endsWith("no longer receives security fixes.");

        CheckOutcome unlisted = ENGINE.evaluate(
                withParameters("postgres.major-version-supported", Map.of("endOfLife", Map.of("16", "2028-11-09"))),
                server.attributes(),
                server.unknown());
        assertThat(unlisted.status())
                .as("a version missing from the table is never a pass")
                .isEqualTo(ERROR);
    }

    @Test
    void aServerListeningOnEveryInterfaceFails() throws Exception {
        ObservedResource server = hardened();
        Map<String, Object> attributes = new LinkedHashMap<>(server.attributes());
        attributes.put("listenAddresses", List.of("*"));

        CheckOutcome outcome = ENGINE.evaluate(
                CATALOG.check("postgres.listen-addresses-restricted").orElseThrow(), attributes, server.unknown());

        assertThat(outcome.status()).isEqualTo(FAIL);
        assertThat(outcome.reason()).startsWith("listen_addresses is *;");
    }
}
