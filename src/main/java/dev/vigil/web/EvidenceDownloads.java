package dev.vigil.web;

import dev.vigil.evidence.EvidenceUpload;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** How an uploaded evidence document leaves Vigil, the same for the API and the UI. */
public final class EvidenceDownloads {

    private EvidenceDownloads() {}

    /**
     * The document exactly as uploaded, always as an attachment and in a sandbox: an uploaded HTML or SVG file must
     * never run as a page of Vigil's origin. Its SHA-256 travels in {@code X-Content-SHA256} for the auditor.
     */
    public static ResponseEntity<byte[]> response(EvidenceUpload upload, byte[] content) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(upload.fileName(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("X-Content-SHA256", upload.sha256())
                .body(content);
    }
}
