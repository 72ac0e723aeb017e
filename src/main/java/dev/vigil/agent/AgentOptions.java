package dev.vigil.agent;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The agent's command line.
 *
 * @param server Vigil's base URL, without a trailing slash
 * @param token the agent token ({@code vag_<integration id>_<secret>})
 * @param integrationId read from the token
 * @param interval time between reports
 * @param root the filesystem root to observe ({@code /} on the machine itself)
 * @param once report once and exit (for cron, tests and trying it out)
 */
record AgentOptions(URI server, String token, UUID integrationId, Duration interval, String root, boolean once) {

    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    /** The server takes one report per integration every 10 s; a shorter interval would only be refused. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

    static final String USAGE = """
            Usage: java -jar vigil.jar agent --server URL [--token TOKEN | --token-file FILE] [--interval 5m]
                                             [--root /] [--once]

              --server URL       Vigil's address, for example https://vigil.example.com
              --token TOKEN      the integration's agent token (vag_…). Better: set VIGIL_AGENT_TOKEN or use
                                 --token-file, so the token does not show in the process list
              --token-file FILE  read the token from FILE
              --interval TIME    time between reports: 30s, 5m, 1h (default 5m, at least 10s)
              --root DIR         filesystem root to observe (default /)
              --once             send one report and exit: 0 when it was accepted, 1 when not
            """;

    /** The command line was wrong; the message says how. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static AgentOptions parse(String[] args, Map<String, String> environment) throws UsageException {
        String server = null;
        String token = null;
        String tokenFile = null;
        Duration interval = DEFAULT_INTERVAL;
        String root = "/";
        boolean once = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            switch (name) {
                case "--once" -> once = true;
                case "--help", "-h" -> throw new UsageException("");
                case "--server", "--token", "--token-file", "--interval", "--root" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--server" -> server = value;
                        case "--token" -> token = value;
                        case "--token-file" -> tokenFile = value;
                        case "--interval" -> interval = interval(value);
                        default -> root = value;
                    }
                }
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        if (server == null || server.isBlank()) {
            throw new UsageException("--server is required");
        }
        if (token == null && tokenFile != null) {
            try {
                token = Files.readString(Path.of(tokenFile)).strip();
            } catch (IOException e) {
                throw new UsageException("cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        }
        if (token == null) {
            token = environment.get("VIGIL_AGENT_TOKEN");
        }
        if (token == null || token.isBlank()) {
            throw new UsageException("no agent token: set VIGIL_AGENT_TOKEN, or use --token-file or --token");
        }
        token = token.strip();
        if (!Path.of(root).isAbsolute()) {
            throw new UsageException("--root must be an absolute path, got '" + root + "'");
        }
        return new AgentOptions(serverUri(server), token, integrationOf(token), interval, root, once);
    }

    private static URI serverUri(String server) throws UsageException {
        String trimmed = server.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                throw new UsageException("--server must be an http:// or https:// URL, got '" + server + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--server is not a URL: " + e.getMessage());
        }
    }

    /** The integration the token was made for: {@code vag_} + its id as 32 hex digits + {@code _} + secret. */
    static UUID integrationOf(String token) throws UsageException {
        String[] parts = token.split("_", 3);
        if (parts.length != 3 || !parts[0].equals("vag") || parts[1].length() != 32 || parts[2].isEmpty()) {
            throw new UsageException("the token does not look like an agent token (vag_…); create one for the"
                    + " integration with POST /api/v1/integrations/{id}/agent-token");
        }
        String hex = parts[1];
        try {
            return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20));
        } catch (IllegalArgumentException e) {
            throw new UsageException("the token does not look like an agent token (vag_…)");
        }
    }

    static Duration interval(String text) throws UsageException {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration duration;
        try {
            if (value.startsWith("pt")) {
                duration = Duration.parse(value);
            } else if (value.endsWith("ms")) {
                duration = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else if (value.endsWith("s")) {
                duration = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.endsWith("m")) {
                duration = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.endsWith("h")) {
                duration = Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1)));
            } else {
                duration = Duration.ofMinutes(Long.parseLong(value));
            }
        } catch (RuntimeException e) {
            throw new UsageException("--interval must look like 30s, 5m or 1h, got '" + text + "'");
        }
        if (duration.compareTo(MIN_INTERVAL) < 0) {
            throw new UsageException("--interval must be at least " + MIN_INTERVAL.toSeconds() + "s");
        }
        return duration;
    }
}
