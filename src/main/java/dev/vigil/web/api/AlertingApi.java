package dev.vigil.web.api;

import dev.vigil.alerting.AlertChannel;
import dev.vigil.alerting.AlertChannels;
import dev.vigil.alerting.AlertRule;
import dev.vigil.alerting.AlertRules;
import dev.vigil.alerting.Alerting;
import dev.vigil.alerting.ChannelRequest;
import dev.vigil.alerting.ChannelType;
import dev.vigil.alerting.CheckAlertSettings;
import dev.vigil.alerting.RiskException;
import dev.vigil.alerting.RiskExceptions;
import dev.vigil.alerting.RuleRequest;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Alert channels, routing rules, alerts with their deliveries, dead letters and accepted-risk exceptions. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Alerting", description = "Channels, rules, alerts, deliveries, exceptions")
class AlertingApi {

    private static final Set<String> ALERT_STATES = Set.of("AT_RISK", "OPEN", "RESOLVED");
    private static final Set<String> DELIVERY_STATES = Set.of("PENDING", "SENDING", "DELIVERED", "DEAD");

    private final AlertChannels channels;
    private final AlertRules rules;
    private final Alerting alerting;
    private final RiskExceptions exceptions;
    private final CheckAlertSettings checkSettings;

    AlertingApi(
            AlertChannels channels,
            AlertRules rules,
            Alerting alerting,
            RiskExceptions exceptions,
            CheckAlertSettings checkSettings) {
        this.checkSettings = checkSettings;
        this.channels = channels;
        this.rules = rules;
        this.alerting = alerting;
        this.exceptions = exceptions;
    }

    /** A kind of channel with its settings as a JSON Schema (draft 2020-12). */
    record ChannelTypeView(String type, Map<String, Object> configSchema) {}

    @GetMapping("/alert-channel-types")
    @PreAuthorize(Access.READ_ALERTS)
    @Operation(summary = "The kinds of alert channel and the settings each takes, as JSON Schema")
    List<ChannelTypeView> channelTypes() {
        return java.util.Arrays.stream(ChannelType.values())
                .map(t -> new ChannelTypeView(t.id(), t.schema().toJsonSchema()))
                .toList();
    }

    // --- channels ---------------------------------------------------------------------------------

    @GetMapping("/alert-channels")
    @PreAuthorize(Access.READ_ALERTS)
    @Operation(summary = "Alert channels; secret settings are only named in secretsSet")
    List<AlertChannel> channels(VigilPrincipal principal) {
        return channels.list(principal.workspaceId());
    }

    @PostMapping("/alert-channels")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @Operation(summary = "Create a channel: {\"type\":\"email|slack|teams|webhook|pagerduty\",\"name\",\"config\"}")
    ResponseEntity<AlertChannel> createChannel(VigilPrincipal principal, @RequestBody ChannelRequest request) {
        AlertChannel created = channels.create(principal.workspaceId(), request, principal.actor());
        return ResponseEntity.created(URI.create("/api/v1/alert-channels/" + created.id()))
                .body(created);
    }

    @GetMapping("/alert-channels/{id}")
    @PreAuthorize(Access.READ_ALERTS)
    @Operation(summary = "One channel")
    AlertChannel channel(VigilPrincipal principal, @PathVariable UUID id) {
        return channels.get(principal.workspaceId(), id);
    }

    @PutMapping("/alert-channels/{id}")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @Operation(summary = "Change a channel; omitted secret settings keep their stored values")
    AlertChannel updateChannel(VigilPrincipal principal, @PathVariable UUID id, @RequestBody ChannelRequest request) {
        return channels.update(principal.workspaceId(), id, request, principal.actor());
    }

    @DeleteMapping("/alert-channels/{id}")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a channel; its undelivered messages become dead letters")
    void deleteChannel(VigilPrincipal principal, @PathVariable UUID id) {
        channels.delete(principal.workspaceId(), id, principal.actor());
    }

    @PostMapping("/alert-channels/{id}/test")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @Operation(summary = "Send a test alert now and report whether the channel accepted it")
    Alerting.TestResult test(VigilPrincipal principal, @PathVariable UUID id) {
        return alerting.test(principal.workspaceId(), id, principal.actor());
    }

    // --- rules ------------------------------------------------------------------------------------

    @GetMapping("/alert-rules")
    @PreAuthorize(Access.READ_ALERTS)
    @Operation(summary = "Routing rules. Without any, every alert goes to every channel at once")
    List<AlertRule> rules(VigilPrincipal principal) {
        return rules.list(principal.workspaceId());
    }

    @PostMapping("/alert-rules")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @Operation(summary = "Create a rule: a CEL condition on `alert`, channels, delivery immediate|hourly|daily")
    ResponseEntity<AlertRule> createRule(VigilPrincipal principal, @RequestBody RuleRequest request) {
        AlertRule created = rules.create(principal.workspaceId(), request, principal.actor());
        return ResponseEntity.created(URI.create("/api/v1/alert-rules/" + created.id()))
                .body(created);
    }

    @GetMapping("/alert-rules/{id}")
    @PreAuthorize(Access.READ_ALERTS)
    @Operation(summary = "One rule")
    AlertRule rule(VigilPrincipal principal, @PathVariable UUID id) {
        return rules.get(principal.workspaceId(), id);
    }

    @PutMapping("/alert-rules/{id}")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @Operation(summary = "Replace a rule")
    AlertRule replaceRule(VigilPrincipal principal, @PathVariable UUID id, @RequestBody RuleRequest request) {
        return rules.replace(principal.workspaceId(), id, request, principal.actor());
    }

    @DeleteMapping("/alert-rules/{id}")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a rule")
    void deleteRule(VigilPrincipal principal, @PathVariable UUID id) {
        rules.delete(principal.workspaceId(), id, principal.actor());
    }

    // --- alerts and deliveries --------------------------------------------------------------------

    @GetMapping("/alerts")
    @PreAuthorize(Access.READ_ALERTS)
    @Operation(summary = "Alerts, newest first, each with its notices and their deliveries (Link header pages)")
    ResponseEntity<List<Alerting.Alert>> alerts(
            VigilPrincipal principal,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String check,
            @RequestParam(required = false) UUID after,
            @RequestParam(required = false) Integer limit) {
        String normalized = state == null ? null : state.toUpperCase(Locale.ROOT);
        if (normalized != null && !ALERT_STATES.contains(normalized)) {
            throw new BadRequestException("state", "must be AT_RISK, OPEN or RESOLVED");
        }
        int pageSize = Pagination.limit(limit);
        List<Alerting.Alert> page = alerting.alerts(principal.workspaceId(), normalized, check, after, pageSize);
        return Pagination.page(page, pageSize, a -> a.id().toString());
    }

    @GetMapping("/alerts/{id}")
    @PreAuthorize(Access.READ_ALERTS)
    @Operation(summary = "One alert with its notices, deliveries and every delivery attempt")
    Alerting.Alert alert(VigilPrincipal principal, @PathVariable UUID id) {
        return alerting.alert(principal.workspaceId(), id);
    }

    @GetMapping("/alert-deliveries")
    @PreAuthorize(Access.READ_ALERTS)
    @Operation(summary = "Deliveries in a state; state=DEAD is the dead-letter view")
    List<Alerting.Delivery> deliveries(
            VigilPrincipal principal,
            @RequestParam(defaultValue = "DEAD") String state,
            @RequestParam(required = false) Integer limit) {
        String normalized = state.toUpperCase(Locale.ROOT);
        if (!DELIVERY_STATES.contains(normalized)) {
            throw new BadRequestException("state", "must be one of PENDING, SENDING, DELIVERED, DEAD");
        }
        return alerting.deliveries(principal.workspaceId(), normalized, Pagination.limit(limit));
    }

    @PostMapping("/alert-deliveries/{id}/retry")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @Operation(summary = "Retry a dead letter with a fresh series of attempts")
    Alerting.Delivery retry(VigilPrincipal principal, @PathVariable UUID id) {
        return alerting.retry(principal.workspaceId(), id, principal.actor());
    }

    // --- per-check settings -----------------------------------------------------------------------

    /** The settings that can be changed. */
    record CheckAlertSettingsRequest(Integer graceMinutes) {}

    @GetMapping("/checks/{id}/alert-settings")
    @PreAuthorize(Access.READ_ALERTS)
    @Operation(summary = "How a check alerts in this workspace: its grace window in minutes (0 = at once)")
    CheckAlertSettings.Settings checkSettings(VigilPrincipal principal, @PathVariable String id) {
        return checkSettings.get(principal.workspaceId(), id);
    }

    @PutMapping("/checks/{id}/alert-settings")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @Operation(summary = "Set a check's grace window: a failure is at risk for that long before it alerts (0-1440)")
    CheckAlertSettings.Settings setCheckSettings(
            VigilPrincipal principal, @PathVariable String id, @RequestBody CheckAlertSettingsRequest request) {
        return checkSettings.set(principal.workspaceId(), id, request.graceMinutes(), principal.actor());
    }

    // --- exceptions -------------------------------------------------------------------------------

    @GetMapping("/exceptions")
    @PreAuthorize(Access.READ_ALERTS)
    @Operation(summary = "Accepted-risk exceptions with their state: PENDING, ACTIVE, EXPIRED, REVOKED")
    List<RiskException> exceptions(VigilPrincipal principal) {
        return exceptions.list(principal.workspaceId());
    }

    @PostMapping("/exceptions")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @Operation(summary = "Ask to accept the risk of a failing (check, resource) until a date, with a reason")
    ResponseEntity<RiskException> requestException(
            VigilPrincipal principal, @RequestBody RiskExceptions.Request request) {
        RiskException created = exceptions.request(principal.workspaceId(), request, principal.actor());
        return ResponseEntity.created(URI.create("/api/v1/exceptions/" + created.id()))
                .body(created);
    }

    @GetMapping("/exceptions/{id}")
    @PreAuthorize(Access.READ_ALERTS)
    @Operation(summary = "One exception")
    RiskException exception(VigilPrincipal principal, @PathVariable UUID id) {
        return exceptions.get(principal.workspaceId(), id);
    }

    @PostMapping("/exceptions/{id}/approve")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @Operation(summary = "Approve an exception; the approver must not be the person who asked")
    RiskException approve(VigilPrincipal principal, @PathVariable UUID id) {
        return exceptions.approve(principal.workspaceId(), id, principal.actor());
    }

    @PostMapping("/exceptions/{id}/revoke")
    @PreAuthorize(Access.MANAGE_ALERTING)
    @Operation(summary = "End an exception before its expiry")
    RiskException revoke(VigilPrincipal principal, @PathVariable UUID id) {
        return exceptions.revoke(principal.workspaceId(), id, principal.actor());
    }
}
