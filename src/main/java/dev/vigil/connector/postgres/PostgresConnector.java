package dev.vigil.connector.postgres;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.Collector;
import dev.vigil.connector.Resources;
import dev.vigil.connector.postgres.PostgresConnectorFactory.ConnectionSettings;
import dev.vigil.connector.postgres.PostgresConnectorFactory.Timeouts;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Observes one PostgreSQL server and reports it as a single {@code database.postgres} resource whose external id
 * is {@code host:port}.
 *
 * <p>Every query runs in a read-only session with a server-side statement timeout. Each section of the attribute
 * document stands alone: a view the role may not read, or a query that times out, turns that section's attributes
 * into {@code unknown} entries with the reason, and the run goes on. Only failing to connect or sign in, or losing
 * the connection, fails the run.
 */
final class PostgresConnector implements Collector {

    /** One section of the attribute document; may record attributes, unknowns and raw evidence. */
    @FunctionalInterface
    private interface Section {
        void read(Connection connection) throws SQLException;
    }

    /** How a pg_settings value becomes an attribute. */
    private enum Kind {
        BOOLEAN,
        INTEGER,
        TEXT,
        COMMA_LIST,
        COLON_LIST
    }

    private record Setting(String name, String attribute, Kind kind) {}

    /** The server settings the checks read, by the attribute name they get. */
    private static final List<Setting> SETTINGS = List.of(
            new Setting("ssl", "ssl", Kind.BOOLEAN),
            new Setting("ssl_min_protocol_version", "sslMinProtocolVersion", Kind.TEXT),
            new Setting("ssl_ciphers", "sslCiphers", Kind.COLON_LIST),
            new Setting("password_encryption", "passwordEncryption", Kind.TEXT),
            // Text, not boolean: PostgreSQL 18 turned log_connections into a list of connection stages.
            new Setting("log_connections", "logConnections", Kind.TEXT),
            new Setting("log_disconnections", "logDisconnections", Kind.BOOLEAN),
            new Setting("log_statement", "logStatement", Kind.TEXT),
            new Setting("log_min_duration_statement", "logMinDurationStatement", Kind.INTEGER),
            new Setting("listen_addresses", "listenAddresses", Kind.COMMA_LIST),
            new Setting("shared_preload_libraries", "sharedPreloadLibraries", Kind.COMMA_LIST),
            new Setting("data_checksums", "dataChecksums", Kind.BOOLEAN));

    private static final String HBA_GRANTS = "GRANT SELECT ON pg_catalog.pg_hba_file_rules TO %1$s;"
            + " GRANT EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() TO %1$s";

    private final ConnectionSettings settings;
    private final Clock clock;
    private final Timeouts timeouts;

    PostgresConnector(ConnectionSettings settings, Clock clock, Timeouts timeouts) {
        this.settings = settings;
        this.clock = clock;
        this.timeouts = timeouts;
    }

    @Override
    public void collect(CollectionSink sink) throws CollectionException {
        sink.progress("connecting to " + settings.address());
        Resources resource =
                Resources.builder(PostgresConnectorFactory.RESOURCE_TYPE, settings.address(), settings.address());
        try (Connection connection = ServerConnection.open(settings, timeouts)) {
            resource.attribute("host", settings.host());
            resource.attribute("port", (long) settings.port());
            resource.attribute("database", settings.database());
            // The date of the observation lets checks compare with calendar dates (end of support) while the
            // check engine stays a pure function; it also makes the snapshot change, and be re-evaluated, daily.
            resource.attribute(
                    "observedOn", LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString());
            read(
                    connection,
                    resource,
                    sink,
                    "version",
                    List.of("serverVersion", "serverVersionNumber", "majorVersion"),
                    c -> version(c, resource));
            read(connection, resource, sink, "connection", List.of("connection"), c -> connectionSecurity(c, resource));
            read(
                    connection,
                    resource,
                    sink,
                    "settings",
                    SETTINGS.stream().map(Setting::attribute).toList(),
                    c -> settings(c, resource));
            read(connection, resource, sink, "pg_hba rules", List.of("hbaRules", "hbaErrors"), c -> hba(c, resource));
            read(connection, resource, sink, "roles", List.of("superusers", "loginRoles"), c -> roles(c, resource));
            read(
                    connection,
                    resource,
                    sink,
                    "public schema privileges",
                    List.of("publicSchemaCreateGrantedToPublic"),
                    c -> publicSchema(c, resource));
        } catch (SQLException e) {
            throw ServerConnection.failure(e, settings, timeouts);
        }
        sink.accept(resource.build());
    }

    /**
     * Reads one section. A query the role may not run, or one that times out, leaves the section's attributes
     * unknown with the reason; a lost connection ends the run.
     */
    private void read(
            Connection connection,
            Resources resource,
            CollectionSink sink,
            String section,
            List<String> attributes,
            Section reader)
            throws SQLException {
        sink.progress("reading " + section);
        try {
            reader.read(connection);
        } catch (SQLException e) {
            if (ServerConnection.isConnectionLost(e)) {
                throw e;
            }
            String reason = ServerConnection.describeQueryFailure(e, section, settings.username(), timeouts);
            attributes.forEach(attribute -> resource.unknown(attribute, reason));
        }
    }

    private void version(Connection connection, Resources resource) throws SQLException {
        long number = Long.parseLong(queryText(connection, "SHOW server_version_num"));
        String version = queryText(connection, "SHOW server_version");
        resource.attribute("serverVersion", version.split(" ")[0]);
        resource.attribute("serverVersionNumber", number);
        resource.attribute("majorVersion", majorVersion(number));
    }

    /** "17" for 170011; "9.6" for 90624 (before version 10 the major version had two parts). */
    static String majorVersion(long versionNumber) {
        return versionNumber >= 100_000
                ? String.valueOf(versionNumber / 10_000)
                : (versionNumber / 10_000) + "." + (versionNumber / 100 % 100);
    }

    private void connectionSecurity(Connection connection, Resources resource) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            Map<String, Object> own = new LinkedHashMap<>();
            if (rows.next()) {
                own.put("encrypted", rows.getBoolean("ssl"));
                own.put("tlsVersion", rows.getString("version"));
                own.put("cipher", rows.getString("cipher"));
            } else {
                own.put("encrypted", false);
            }
            resource.attribute("connection", own);
        }
    }

    private void settings(Connection connection, Resources resource) throws SQLException {
        boolean seesAllSettings = seesAllSettings(connection);
        Map<String, String[]> rows = new LinkedHashMap<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT name, setting, source FROM pg_settings WHERE name = ANY (?)")) {
            statement.setArray(
                    1,
                    connection.createArrayOf(
                            "text", SETTINGS.stream().map(Setting::name).toArray()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.put(
                            result.getString("name"),
                            new String[] {result.getString("setting"), result.getString("source")});
                }
            }
        }
        StringBuilder raw = new StringBuilder();
        for (Setting setting : SETTINGS) {
            String[] row = rows.get(setting.name());
            if (row == null || row[0] == null) {
                resource.unknown(
                        setting.attribute(),
                        seesAllSettings
                                ? "this server has no setting " + setting.name() + " (it may be too old)"
                                : "the server hides " + setting.name() + " from role " + settings.username()
                                        + "; grant it pg_read_all_settings (included in pg_monitor)");
                raw.append(setting.name()).append(" = (not visible)\n");
                continue;
            }
            raw.append(setting.name())
                    .append(" = ")
                    .append(row[0])
                    .append(" (source: ")
                    .append(row[1])
                    .append(")\n");
            resource.attribute(setting.attribute(), convert(setting.kind(), row[0]));
        }
        resource.raw("pg_settings", raw.toString());
    }

    private boolean seesAllSettings(Connection connection) {
        try {
            return "t"
                    .equals(queryText(
                            connection,
                            "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
                                    + " OR pg_has_role(current_user, 'pg_read_all_settings', 'USAGE')"));
        } catch (SQLException e) {
            return false;
        }
    }

    static Object convert(Kind kind, String value) {
        return switch (kind) {
            case BOOLEAN -> value.equals("on") || value.equals("true");
            case INTEGER -> Long.parseLong(value);
            case TEXT -> value;
            case COMMA_LIST -> split(value, ",");
            case COLON_LIST -> split(value, ":");
        };
    }

    private static List<String> split(String value, String separator) {
        return Arrays.stream(value.split(separator))
                .map(String::strip)
                .map(part -> part.length() > 1 && part.startsWith("\"") && part.endsWith("\"")
                        ? part.substring(1, part.length() - 1)
                        : part)
                .filter(part -> !part.isEmpty())
                .toList();
    }

    private void hba(Connection connection, Resources resource) throws SQLException {
        List<Map<String, Object>> rules = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT line_number, type, database, user_name, address,"
                        + " netmask, auth_method, error FROM pg_hba_file_rules ORDER BY line_number")) {
            while (rows.next()) {
                long line = rows.getLong("line_number");
                String error = rows.getString("error");
                if (error != null) {
                    Map<String, Object> problem = new LinkedHashMap<>();
                    problem.put("line", line);
                    problem.put("error", error);
                    errors.add(problem);
                    raw.append(line).append(": error: ").append(error).append('\n');
                    continue;
                }
                List<String> databases = strings(rows.getArray("database"));
                List<String> users = strings(rows.getArray("user_name"));
                String type = rows.getString("type");
                String address = rows.getString("address");
                String netmask = rows.getString("netmask");
                String method = rows.getString("auth_method");
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("line", line);
                rule.put("type", type);
                rule.put("databases", databases);
                rule.put("users", users);
                rule.put("address", address);
                rule.put("netmask", netmask);
                rule.put("authMethod", method);
                rules.add(rule);
                raw.append(line)
                        .append(": ")
                        .append(String.join(" ", type, String.join(",", databases), String.join(",", users)))
                        .append(address == null ? "" : " " + address)
                        .append(netmask == null ? "" : " " + netmask)
                        .append(' ')
                        .append(method)
                        .append('\n');
            }
        }
        resource.attribute("hbaRules", rules);
        resource.attribute("hbaErrors", errors);
        resource.raw("pg_hba_file_rules", raw.toString());
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> strings = new ArrayList<>(values.length);
        for (Object value : values) {
            strings.add(String.valueOf(value));
        }
        return strings;
    }

    private void roles(Connection connection, Resources resource) throws SQLException {
        List<String> superusers = new ArrayList<>();
        List<Map<String, Object>> loginRoles = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        // Predefined roles (pg_*) cannot sign in and are the same on every server: leave them out.
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT rolname, rolsuper, rolcanlogin, rolcreaterole,"
                        + " rolcreatedb, rolreplication, rolbypassrls,"
                        + " CASE WHEN rolvaliduntil IS NULL THEN NULL"
                        + " WHEN rolvaliduntil = 'infinity' THEN 'infinity'"
                        + " ELSE to_char(rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END"
                        + " AS valid_until FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY rolname")) {
            while (rows.next()) {
                String name = rows.getString("rolname");
                boolean superuser = rows.getBoolean("rolsuper");
                boolean canLogin = rows.getBoolean("rolcanlogin");
                if (superuser) {
                    superusers.add(name);
                }
                if (canLogin) {
                    Map<String, Object> role = new LinkedHashMap<>();
                    role.put("name", name);
                    role.put("superuser", superuser);
                    role.put("createRole", rows.getBoolean("rolcreaterole"));
                    role.put("createDatabase", rows.getBoolean("rolcreatedb"));
                    role.put("replication", rows.getBoolean("rolreplication"));
                    role.put("bypassRowSecurity", rows.getBoolean("rolbypassrls"));
                    role.put("validUntil", rows.getString("valid_until"));
                    loginRoles.add(role);
                }
                raw.append(name)
                        .append(superuser ? " superuser" : "")
                        .append(canLogin ? " login" : " nologin")
                        .append(" valid until ")
                        .append(rows.getString("valid_until") == null ? "(no expiry)" : rows.getString("valid_until"))
                        .append('\n');
            }
        }
        resource.attribute("superusers", superusers);
        resource.attribute("loginRoles", loginRoles);
        resource.raw("pg_roles", raw.toString());
    }

    private void publicSchema(Connection connection, Resources resource) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT has_schema_privilege('public', oid, 'CREATE') AS granted,"
                                + " nspacl::text AS acl FROM pg_namespace WHERE nspname = 'public'")) {
            if (rows.next()) {
                resource.attribute("publicSchemaCreateGrantedToPublic", rows.getBoolean("granted"));
                resource.raw(
                        "public schema privileges (" + settings.database() + ")", "nspacl = " + rows.getString("acl"));
            } else {
                // Without a public schema there is nothing everyone could create objects in.
                resource.attribute("publicSchemaCreateGrantedToPublic", false);
                resource.raw(
                        "public schema privileges (" + settings.database() + ")",
                        "no schema named public in this database");
            }
        }
    }

    private static String queryText(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new SQLException("no row returned by: " + sql);
            }
            return rows.getString(1);
        }
    }

    /** The grants the role needs to read pg_hba_file_rules, for messages. */
    static String hbaGrants(String role) {
        return String.format(HBA_GRANTS, role);
    }
}
