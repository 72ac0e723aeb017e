package dev.vigil.monitoring;

import java.util.UUID;

/** Server-side filters for current results; {@code null} fields do not filter. */
public record ResultFilter(UUID integrationId, String checkId, CheckStatus status, UUID resourceId) {

    public static ResultFilter all() {
        return new ResultFilter(null, null, null, null);
    }
}
