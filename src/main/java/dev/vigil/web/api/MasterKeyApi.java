package dev.vigil.web.api;

import dev.vigil.audit.AuditLog;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.platform.MasterKeyRotation;
import dev.vigil.platform.SecretEncryption;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The master key that encrypts secrets at rest: which keys exist, and rotating it without downtime. */
@RestController
@RequestMapping("/api/v1/master-key")
@Tag(name = "Master key", description = "Rotate the key that encrypts stored secrets")
class MasterKeyApi {

    private final SecretEncryption encryption;
    private final MasterKeyRotation rotation;
    private final AuditLog audit;

    MasterKeyApi(SecretEncryption encryption, MasterKeyRotation rotation, AuditLog audit) {
        this.encryption = encryption;
        this.rotation = rotation;
        this.audit = audit;
    }

    /** The keys in the keyset, the primary first; ids only, never key material. */
    record KeysView(boolean rotatable, List<Integer> keyIds) {}

    @GetMapping
    @PreAuthorize(Access.MANAGE_INSTALLATION)
    @Operation(summary = "Ids of the master keys (primary first) and whether Vigil can rotate them itself")
    KeysView keys() {
        return new KeysView(encryption.rotatable(), encryption.keyIds());
    }

    @PostMapping("/rotate")
    @PreAuthorize(Access.MANAGE_INSTALLATION)
    @Operation(
            summary = "Add a new primary master key, encrypt every stored secret again with it, then remove the old"
                    + " keys. Vigil keeps serving meanwhile; back up master-key.json again afterwards")
    ResponseEntity<?> rotate(VigilPrincipal principal) {
        if (!encryption.rotatable()) {
            ProblemDetail problem = ApiProblems.problem(
                    HttpStatus.CONFLICT,
                    "Master key set outside Vigil",
                    "The master key comes from VIGIL_MASTER_KEY, which Vigil cannot rewrite. Add a new primary key"
                            + " to that keyset, restart Vigil with it, then rotate again to re-encrypt stored secrets.");
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
        MasterKeyRotation.Report report = rotation.rotate();
        Map<String, Object> detail = new LinkedHashMap<>(report.reencrypted());
        detail.put("retiredKeys", report.retiredKeys());
        audit.record(
                principal.workspaceId(),
                principal.actor(),
                "master-key.rotated",
                Integer.toString(report.primaryKeyId()),
                detail);
        return ResponseEntity.ok(report);
    }
}
