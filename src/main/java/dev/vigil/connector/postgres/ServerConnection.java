package dev.vigil.connector.postgres;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionException.Category;
import dev.vigil.connector.postgres.PostgresConnectorFactory.ConnectionSettings;
import dev.vigil.connector.postgres.PostgresConnectorFactory.Timeouts;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLException;

/**
 * Opens the monitoring session and turns JDBC failures into messages a user can act on.
 *
 * <p>The session is read-only ({@code default_transaction_read_only}), and every wait is bounded: TCP connect,
 * the whole sign-in, each socket read and, on the server, each statement. The driver is called directly rather
 * than through {@link java.sql.DriverManager}, whose login timeout is global to the JVM.
 */
final class ServerConnection {

    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    private ServerConnection() {}

    static Connection open(ConnectionSettings settings, Timeouts timeouts) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.username());
        properties.setProperty("password", settings.password());
        properties.setProperty("sslmode", settings.sslMode());
        properties.setProperty("connectTimeout", seconds(timeouts.connect()));
        properties.setProperty("loginTimeout", seconds(timeouts.login()));
        properties.setProperty("socketTimeout", seconds(timeouts.socket()));
        properties.setProperty("ApplicationName", "Vigil");
        properties.setProperty("gssEncMode", "disable");
        properties.setProperty("readOnly", "true");
        properties.setProperty(
                "options",
                "-c statement_timeout=" + timeouts.statement().toMillis()
                        + " -c lock_timeout=" + timeouts.statement().toMillis()
                        + " -c default_transaction_read_only=on");
        Connection connection = DRIVER.connect(url(settings), properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver did not accept the connection address");
        }
        return connection;
    }

    private static String url(ConnectionSettings settings) {
        String host = settings.host().contains(":") && !settings.host().startsWith("[")
                ? "[" + settings.host() + "]"
                : settings.host();
        return "jdbc:postgresql://" + host + ":" + settings.port() + "/"
                + URLEncoder.encode(settings.database(), StandardCharsets.UTF_8);
    }

    private static String seconds(Duration duration) {
        return String.valueOf(Math.max(1, duration.toSeconds()));
    }

    /** Whether the session itself is gone, so that no further section can be read. */
    static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08") || cause(e, SocketTimeoutException.class) != null;
    }

    /** Why a section's query failed, for the unknown reason of its attributes. */
    static String describeQueryFailure(SQLException e, String section, String username, Timeouts timeouts) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = firstLine(e.getMessage());
        if (state.equals("42501")) {
            String hint = section.equals("pg_hba rules")
                    ? "; to let Vigil read the authentication rules run: "
                            + PostgresConnector.hbaGrants(identifier(username))
                    : "; grant role " + username + " pg_monitor";
            return "role " + username + " may not read " + section + " (" + message + ")" + hint;
        }
        if (state.equals("57014")) {
            return "reading " + section + " took longer than the statement timeout of "
                    + timeouts.statement().toSeconds() + " s";
        }
        if (state.equals("42P01") || state.equals("42883")) {
            return "this server cannot report " + section + " (" + message + "); it may be older than"
                    + " PostgreSQL 10";
        }
        return "reading " + section + " failed: " + message + (state.isEmpty() ? "" : " [SQLSTATE " + state + "]");
    }

    /** Maps a failure to connect, sign in or keep the session to the category that decides retries. */
    static CollectionException failure(SQLException e, ConnectionSettings settings, Timeouts timeouts) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String server = settings.address();
        String message = firstLine(e.getMessage());
        if (state.equals("28P01")) {
            return new CollectionException(
                    Category.AUTHENTICATION,
                    "The server at " + server + " rejected the password of role " + settings.username() + ".",
                    e);
        }
        if (state.startsWith("28")) {
            return new CollectionException(
                    Category.AUTHENTICATION,
                    "The server at " + server + " refused the sign-in of role " + settings.username() + ": " + message,
                    e);
        }
        if (state.equals("3D000")) {
            return new CollectionException(
                    Category.CONFIGURATION,
                    "The server at " + server + " has no database " + settings.database() + ": " + message,
                    e);
        }
        if (state.equals("42501")) {
            return new CollectionException(
                    Category.PERMISSION,
                    "Role " + settings.username() + " may not connect to database " + settings.database() + " on "
                            + server + ": " + message,
                    e);
        }
        if (message.contains("does not support SSL")) {
            return new CollectionException(
                    Category.CONFIGURATION,
                    "sslmode is " + settings.sslMode() + ", but the server at " + server + " does not offer TLS."
                            + " Turn ssl on in the server's configuration, or choose sslmode prefer if"
                            + " unencrypted connections are acceptable.",
                    e);
        }
        if (cause(e, SSLException.class) != null || cause(e, GeneralSecurityException.class) != null) {
            return new CollectionException(
                    Category.CONFIGURATION,
                    "The TLS handshake with " + server + " failed (sslmode " + settings.sslMode() + "): "
                            + rootMessage(e),
                    e);
        }
        if (cause(e, UnknownHostException.class) != null) {
            return new CollectionException(
                    Category.NETWORK, "The host name " + settings.host() + " could not be resolved.", e);
        }
        if (cause(e, ConnectException.class) != null || cause(e, NoRouteToHostException.class) != null) {
            return new CollectionException(
                    Category.NETWORK,
                    "Could not connect to " + server + ": " + rootMessage(e)
                            + ". Is PostgreSQL running and listening there, and does no firewall block it?",
                    e);
        }
        if (cause(e, SocketTimeoutException.class) != null || message.contains("timed out")) {
            return new CollectionException(
                    Category.NETWORK,
                    "The server at " + server + " did not answer in time (connect "
                            + timeouts.connect().toSeconds() + " s, sign-in "
                            + timeouts.login().toSeconds()
                            + " s, each read " + timeouts.socket().toSeconds() + " s).",
                    e);
        }
        if (state.startsWith("08") || state.equals("53300") || state.equals("57P03")) {
            return new CollectionException(Category.NETWORK, "The server at " + server + ": " + message, e);
        }
        return new CollectionException(
                Category.INVALID_RESPONSE,
                "Unexpected answer from the server at " + server + ": " + message
                        + (state.isEmpty() ? "" : " [SQLSTATE " + state + "]"),
                e);
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : firstLine(root.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The role name as SQL would need it in a GRANT. */
    static String identifier(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
