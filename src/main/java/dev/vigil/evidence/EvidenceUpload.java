package dev.vigil.evidence;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One document provided for an evidence task. The content itself is read separately ({@link
 * EvidenceTasks#content}).
 *
 * @param effectiveDate the date the document speaks for (the day the pentest ended, the review meeting), which
 *     starts the period it is current for; not the upload date
 * @param sha256 hash of the content, so an auditor can verify a downloaded copy
 */
public record EvidenceUpload(
        UUID id,
        String taskId,
        String fileName,
        String contentType,
        long sizeBytes,
        String sha256,
        LocalDate effectiveDate,
        String note,
        Instant uploadedAt,
        String uploadedBy) {}
