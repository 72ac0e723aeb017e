package dev.vigil.alerting;

import java.time.Instant;
import java.util.UUID;

/** The alert of a finding that is at risk (in its grace window) or open. */
record OpenAlert(UUID id, boolean atRisk, boolean flapping, Instant openedAt, Instant previouslyResolvedAt) {}
