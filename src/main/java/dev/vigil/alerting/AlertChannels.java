package dev.vigil.alerting;

import dev.vigil.audit.AuditLog;
import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.InvalidConfigurationException;
import dev.vigil.platform.SecretEncryption;
import dev.vigil.workspace.WorkspaceId;
import jakarta.mail.internet.AddressException;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Alert channels of a workspace: validated, secrets encrypted at rest, every change audited. */
@Service
public class AlertChannels {

    private static final Logger log = LoggerFactory.getLogger(AlertChannels.class);
    private static final int MIN_SIGNING_SECRET = 16;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final SecretEncryption secrets;
    private final AuditLog audit;
    private final AlertingProperties properties;
    private final Clock clock;

    AlertChannels(
            JdbcClient jdbc,
            JsonMapper json,
            SecretEncryption secrets,
            AuditLog audit,
            AlertingProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.secrets = secrets;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** A channel as stored: settings with secrets still encrypted. */
    record Stored(
            UUID id,
            WorkspaceId workspaceId,
            ChannelType type,
            String name,
            Map<String, Object> config,
            boolean enabled,
            Instant createdAt,
            String createdBy,
            Instant updatedAt,
            String updatedBy,
            boolean deleted) {}

    public List<AlertChannel> list(WorkspaceId workspace) {
        return jdbc
                .sql("select * from alert_channel where workspace_id = ? and deleted_at is null order by lower(name)")
                .param(workspace.value())
                .query(this::map)
                .list()
                .stream()
                .map(this::view)
                .toList();
    }

    public AlertChannel get(WorkspaceId workspace, UUID id) {
        return find(workspace, id).map(this::view).orElseThrow(() -> new AlertingNotFoundException("channel", id));
    }

    Optional<Stored> find(WorkspaceId workspace, UUID id) {
        return jdbc.sql("select * from alert_channel where workspace_id = ? and id = ? and deleted_at is null")
                .params(workspace.value(), id)
                .query(this::map)
                .optional();
    }

    /** Every channel, deleted ones included: deliveries still point at them. */
    Optional<Stored> findIncludingDeleted(WorkspaceId workspace, UUID id) {
        return jdbc.sql("select * from alert_channel where workspace_id = ? and id = ?")
                .params(workspace.value(), id)
                .query(this::map)
                .optional();
    }

    List<Stored> enabled(WorkspaceId workspace) {
        return jdbc.sql("select * from alert_channel where workspace_id = ? and enabled and deleted_at is null")
                .param(workspace.value())
                .query(this::map)
                .list();
    }

    @Transactional
    public AlertChannel create(WorkspaceId workspace, ChannelRequest request, String actor) {
        Map<String, String> errors = new LinkedHashMap<>();
        ChannelType type = type(request.type(), errors);
        String name = name(request.name(), errors);
        if (name != null && nameTaken(workspace, name, null)) {
            errors.put("name", "a channel named '" + name + "' already exists");
        }
        UUID id = UUID.randomUUID();
        Map<String, Object> config = type == null ? Map.of() : validate(type, request.config(), Map.of(), id, errors);
        if (!errors.isEmpty()) {
            throw new InvalidAlertingException(errors);
        }
        Instant now = clock.instant();
        jdbc.sql("insert into alert_channel (id, workspace_id, type, name, config, enabled, created_at, created_by,"
                        + " updated_at, updated_by) values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?)")
                .params(
                        id,
                        workspace.value(),
                        type.id(),
                        name,
                        json.writeValueAsString(config),
                        request.enabled() == null || request.enabled(),
                        Timestamp.from(now),
                        actor,
                        Timestamp.from(now),
                        actor)
                .update();
        audit.record(workspace, actor, "alert-channel.created", id.toString(), Map.of("name", name, "type", type.id()));
        log.info("Alert channel '{}' ({}) created by {}", name, type.id(), actor);
        return get(workspace, id);
    }

    @Transactional
    public AlertChannel update(WorkspaceId workspace, UUID id, ChannelRequest request, String actor) {
        Stored existing = find(workspace, id).orElseThrow(() -> new AlertingNotFoundException("channel", id));
        Map<String, String> errors = new LinkedHashMap<>();
        if (request.type() != null && !request.type().equals(existing.type().id())) {
            errors.put("type", "the type of a channel cannot change; create a new channel");
        }
        String name = request.name() == null ? existing.name() : name(request.name(), errors);
        if (name != null && nameTaken(workspace, name, id)) {
            errors.put("name", "a channel named '" + name + "' already exists");
        }
        Map<String, Object> config = request.config() == null
                ? existing.config()
                : validate(existing.type(), request.config(), existing.config(), id, errors);
        if (!errors.isEmpty()) {
            throw new InvalidAlertingException(errors);
        }
        boolean enabled = request.enabled() == null ? existing.enabled() : request.enabled();
        jdbc.sql("update alert_channel set name = ?, config = cast(? as jsonb), enabled = ?, updated_at = ?,"
                        + " updated_by = ? where workspace_id = ? and id = ?")
                .params(
                        name,
                        json.writeValueAsString(config),
                        enabled,
                        Timestamp.from(clock.instant()),
                        actor,
                        workspace.value(),
                        id)
                .update();
        audit.record(
                workspace,
                actor,
                "alert-channel.updated",
                id.toString(),
                Map.of("name", name, "enabled", enabled, "settingsChanged", request.config() != null));
        return get(workspace, id);
    }

    @Transactional
    public void delete(WorkspaceId workspace, UUID id, String actor) {
        Stored existing = find(workspace, id).orElseThrow(() -> new AlertingNotFoundException("channel", id));
        jdbc.sql("update alert_channel set deleted_at = ?, deleted_by = ? where workspace_id = ? and id = ?")
                .params(Timestamp.from(clock.instant()), actor, workspace.value(), id)
                .update();
        audit.record(workspace, actor, "alert-channel.deleted", id.toString(), Map.of("name", existing.name()));
    }

    /** The stored settings with secrets decrypted, for sending only. */
    Map<String, Object> decrypted(Stored channel) {
        Map<String, Object> config = new LinkedHashMap<>(channel.config());
        for (ConfigProperty property : channel.type().schema().properties()) {
            Object value = config.get(property.name());
            if (property.secret() && SecretEncryption.isEncrypted(value)) {
                config.put(
                        property.name(), secrets.decrypt((String) value, secretContext(channel.id(), property.name())));
            }
        }
        return config;
    }

    static String secretContext(UUID channelId, String property) {
        return "alert-channel:" + channelId + ":" + property;
    }

    private Map<String, Object> validate(
            ChannelType type,
            Map<String, Object> raw,
            Map<String, Object> stored,
            UUID id,
            Map<String, String> errors) {
        Map<String, Object> merged = new LinkedHashMap<>(raw == null ? Map.of() : raw);
        // A secret left out on update keeps its stored value.
        for (ConfigProperty property : type.schema().properties()) {
            if (property.secret() && isBlank(merged.get(property.name())) && stored.get(property.name()) != null) {
                merged.put(property.name(), stored.get(property.name()));
            }
        }
        Map<String, Object> normalized;
        try {
            normalized = new LinkedHashMap<>(type.schema().validate(merged));
        } catch (InvalidConfigurationException e) {
            e.fieldErrors().forEach((field, message) -> errors.put("config." + field, message));
            return Map.of();
        }
        for (ConfigProperty property : type.schema().properties()) {
            Object value = normalized.get(property.name());
            if (property.secret() && value instanceof String s && SecretEncryption.isEncrypted(s)) {
                continue;
            }
            if (property.name().equals("url") && value instanceof String url) {
                checkUrl(url).ifPresent(message -> errors.put("config.url", message));
            }
            if (property.name().equals("secret") && value instanceof String s && s.length() < MIN_SIGNING_SECRET) {
                errors.put("config.secret", "must be at least " + MIN_SIGNING_SECRET + " characters");
            }
        }
        if (type == ChannelType.EMAIL) {
            try {
                EmailSender.recipients((String) normalized.get("to"));
            } catch (AddressException e) {
                errors.put("config.to", "not a list of email addresses: " + e.getMessage());
            }
            if (!properties.smtp().configured()) {
                errors.put(
                        "type",
                        "email needs a mail server: set VIGIL_SMTP_HOST (and VIGIL_SMTP_PORT, VIGIL_SMTP_USERNAME,"
                                + " VIGIL_SMTP_PASSWORD, VIGIL_SMTP_FROM) and restart Vigil");
            }
        }
        if (!errors.isEmpty()) {
            return Map.of();
        }
        for (ConfigProperty property : type.schema().properties()) {
            Object value = normalized.get(property.name());
            if (property.secret() && value instanceof String s && !SecretEncryption.isEncrypted(s)) {
                normalized.put(property.name(), secrets.encrypt(s, secretContext(id, property.name())));
            }
        }
        return normalized;
    }

    private static Optional<String> checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                return Optional.of("must be an http or https URL");
            }
            if (uri.getHost() == null) {
                return Optional.of("has no host");
            }
            return Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
    }

    private static boolean isBlank(Object value) {
        return value == null || (value instanceof String s && s.isBlank());
    }

    private static ChannelType type(String id, Map<String, String> errors) {
        if (id == null || id.isBlank()) {
            errors.put("type", "is required; one of " + ChannelType.ids());
            return null;
        }
        Optional<ChannelType> type = ChannelType.of(id);
        if (type.isEmpty()) {
            errors.put("type", "unknown channel type '" + id + "'; one of " + ChannelType.ids());
        }
        return type.orElse(null);
    }

    private static String name(String name, Map<String, String> errors) {
        if (name == null || name.isBlank()) {
            errors.put("name", "is required");
            return null;
        }
        if (name.strip().length() > 100) {
            errors.put("name", "must be at most 100 characters");
            return null;
        }
        return name.strip();
    }

    private boolean nameTaken(WorkspaceId workspace, String name, UUID except) {
        return jdbc.sql("select count(*) from alert_channel where workspace_id = ? and lower(name) = lower(?)"
                                + " and deleted_at is null and id <> ?")
                        .params(workspace.value(), name, except == null ? new UUID(0, 0) : except)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    private AlertChannel view(Stored stored) {
        Map<String, Object> visible = new LinkedHashMap<>();
        Set<String> secretsSet = new LinkedHashSet<>();
        for (ConfigProperty property : stored.type().schema().properties()) {
            Object value = stored.config().get(property.name());
            if (property.secret()) {
                if (value != null) {
                    secretsSet.add(property.name());
                }
            } else if (value != null) {
                visible.put(property.name(), value);
            }
        }
        return new AlertChannel(
                stored.id(),
                stored.type(),
                stored.name(),
                visible,
                secretsSet,
                stored.enabled(),
                stored.createdAt(),
                stored.createdBy(),
                stored.updatedAt(),
                stored.updatedBy());
    }

    private Stored map(ResultSet rs, int row) throws SQLException {
        return new Stored(
                rs.getObject("id", UUID.class),
                WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                ChannelType.of(rs.getString("type")).orElseThrow(),
                rs.getString("name"),
                json.readValue(rs.getString("config"), new TypeReference<Map<String, Object>>() {}),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getString("updated_by"),
                rs.getTimestamp("deleted_at") != null);
    }
}
