package dev.vigil.identity;

import dev.vigil.audit.AuditLog;
import dev.vigil.platform.CanonicalJson;
import dev.vigil.platform.SecretEncryption;
import dev.vigil.workspace.WorkspaceId;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The second factors of people: one authenticator (TOTP) each, plus single-use recovery codes. Enrolling,
 * checking a code and resetting are written to the audit log here, so every caller gets the same record.
 *
 * <p>Checking a code is atomic per person: of two concurrent sign-ins with the same code, one wins and the
 * other is a replay. Secrets are stored encrypted ({@link SecretEncryption}); recovery codes as SHA-256 hashes.
 */
@Service
public class SecondFactors {

    /** How many recovery codes an enrollment produces. */
    public static final int RECOVERY_CODES = 10;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final JdbcClient jdbc;
    private final SecretEncryption encryption;
    private final AuditLog audit;
    private final Clock clock;

    SecondFactors(JdbcClient jdbc, SecretEncryption encryption, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.encryption = encryption;
        this.audit = audit;
        this.clock = clock;
    }

    /** The outcome of presenting a code or a recovery code. */
    public enum Outcome {
        ACCEPTED,
        WRONG,
        /** A right TOTP code of a step already used. */
        REPLAYED,
        /** The person has no confirmed factor (it was reset meanwhile). */
        NOT_ENROLLED
    }

    /** Whether the person has a confirmed authenticator. */
    public boolean enrolled(UUID userId) {
        return jdbc.sql("select exists (select 1 from totp_factor where user_id = ?)")
                .param(userId)
                .query(Boolean.class)
                .single();
    }

    /** A new secret for an enrollment in progress; nothing is stored until {@link #confirm}. */
    String newSecret() {
        return Totp.newSecret();
    }

    /** The address an authenticator app reads from the QR code. */
    static String provisioningUri(String email, String secret) {
        String label = org.springframework.web.util.UriUtils.encodePathSegment(
                "Vigil:" + email, java.nio.charset.StandardCharsets.UTF_8);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=Vigil";
    }

    /**
     * Stores the authenticator once the person proved they set it up with a valid code, and creates recovery
     * codes. Any earlier factor and recovery codes of the person are replaced.
     *
     * @return the recovery codes in plain text (shown once, never stored so), or empty when the code is wrong
     */
    @Transactional
    public Optional<List<String>> confirm(VigilPrincipal person, String secret, String code) {
        long now = Totp.step(clock.instant());
        if (!(Totp.verify(secret, code, now, Long.MIN_VALUE) instanceof Totp.Verification.Accepted accepted)) {
            failed(person, "wrong-code", "enrollment");
            return Optional.empty();
        }
        Timestamp at = Timestamp.from(clock.instant());
        jdbc.sql("delete from totp_factor where user_id = ?")
                .param(person.userId())
                .update();
        jdbc.sql("delete from recovery_code where user_id = ?")
                .param(person.userId())
                .update();
        jdbc.sql("insert into totp_factor (user_id, secret, last_used_step, confirmed_at) values (?, ?, ?, ?)")
                .params(person.userId(), encryption.encrypt(secret, context(person.userId())), accepted.step(), at)
                .update();
        List<String> codes = new ArrayList<>();
        while (codes.size() < RECOVERY_CODES) {
            String recovery = newRecoveryCode();
            if (!codes.contains(recovery)) {
                codes.add(recovery);
                jdbc.sql("insert into recovery_code (user_id, code_hash, created_at) values (?, ?, ?)")
                        .params(person.userId(), hashRecoveryCode(recovery), at)
                        .update();
            }
        }
        audit.record(
                person.workspaceId(),
                person.actor(),
                "mfa.enrolled",
                person.userId().toString(),
                Map.of("factor", "totp", "recoveryCodes", RECOVERY_CODES));
        return Optional.of(codes);
    }

    /** Checks an authenticator code; an accepted one uses up its step. */
    @Transactional
    public Outcome verify(VigilPrincipal person, String code) {
        record Factor(String secret, long lastUsedStep) {}
        Optional<Factor> factor = jdbc.sql(
                        "select secret, last_used_step from totp_factor where user_id = ? for update")
                .param(person.userId())
                .query((rs, row) -> new Factor(rs.getString(1), rs.getLong(2)))
                .optional();
        if (factor.isEmpty()) {
            return Outcome.NOT_ENROLLED;
        }
        String secret = encryption.decrypt(factor.get().secret(), context(person.userId()));
        Totp.Verification verification = Totp.verify(
                secret, code, Totp.step(clock.instant()), factor.get().lastUsedStep());
        if (verification instanceof Totp.Verification.Accepted accepted) {
            jdbc.sql("update totp_factor set last_used_step = ? where user_id = ?")
                    .params(accepted.step(), person.userId())
                    .update();
            audit.record(
                    person.workspaceId(),
                    person.actor(),
                    "mfa.verified",
                    person.userId().toString(),
                    Map.of("factor", "totp"));
            return Outcome.ACCEPTED;
        }
        boolean replayed = verification instanceof Totp.Verification.Replayed;
        failed(person, replayed ? "replayed-code" : "wrong-code", "sign-in");
        return replayed ? Outcome.REPLAYED : Outcome.WRONG;
    }

    /** Accepts a recovery code once, in place of an authenticator code. */
    @Transactional
    public Outcome useRecoveryCode(VigilPrincipal person, String code) {
        if (!enrolled(person.userId())) {
            return Outcome.NOT_ENROLLED;
        }
        int used = jdbc.sql(
                        "update recovery_code set used_at = ? where user_id = ? and code_hash = ? and used_at is null")
                .params(Timestamp.from(clock.instant()), person.userId(), hashRecoveryCode(code))
                .update();
        if (used != 1) {
            failed(person, "wrong-recovery-code", "sign-in");
            return Outcome.WRONG;
        }
        audit.record(
                person.workspaceId(),
                person.actor(),
                "mfa.recovery-code-used",
                person.userId().toString(),
                Map.of("remaining", remainingRecoveryCodes(person.userId())));
        return Outcome.ACCEPTED;
    }

    /** Recovery codes not used yet. */
    public int remainingRecoveryCodes(UUID userId) {
        return jdbc.sql("select count(*) from recovery_code where user_id = ? and used_at is null")
                .param(userId)
                .query(Integer.class)
                .single();
    }

    /**
     * Removes a person's authenticator and recovery codes, so their next sign-in asks them to enroll again. Only
     * for a member of the actor's workspace.
     *
     * @return false when the person is not a member of the actor's workspace
     */
    @Transactional
    public boolean reset(VigilPrincipal actor, UUID target) {
        Optional<String> email = jdbc.sql("select u.email from app_user u join membership m on m.user_id = u.id"
                        + " where u.id = ? and m.workspace_id = ?")
                .params(target, actor.workspaceId().value())
                .query(String.class)
                .optional();
        if (email.isEmpty()) {
            return false;
        }
        int factors = jdbc.sql("delete from totp_factor where user_id = ?")
                .param(target)
                .update();
        jdbc.sql("delete from recovery_code where user_id = ?").param(target).update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("email", email.get());
        details.put("hadFactor", factors > 0);
        audit.record(actor.workspaceId(), actor.actor(), "mfa.reset", target.toString(), details);
        return true;
    }

    /** A member of a workspace and whether they have set up their second factor. */
    public record Member(UUID userId, String email, String displayName, Role role, boolean enrolled) {}

    /** Members of a workspace, by email. */
    public List<Member> members(WorkspaceId workspace) {
        return jdbc.sql("select u.id, u.email, u.display_name, m.role, exists (select 1 from totp_factor f"
                        + " where f.user_id = u.id) as enrolled from app_user u join membership m on m.user_id = u.id"
                        + " where m.workspace_id = ? order by lower(u.email)")
                .param(workspace.value())
                .query((rs, row) -> new Member(
                        rs.getObject("id", UUID.class),
                        rs.getString("email"),
                        rs.getString("display_name"),
                        Role.valueOf(rs.getString("role")),
                        rs.getBoolean("enrolled")))
                .list();
    }

    private void failed(VigilPrincipal person, String reason, String stage) {
        audit.record(
                person.workspaceId(),
                person.actor(),
                "mfa.failed",
                person.userId().toString(),
                Map.of("reason", reason, "stage", stage));
    }

    static String context(UUID userId) {
        return "totp:" + userId;
    }

    private static String newRecoveryCode() {
        StringBuilder code = new StringBuilder(11);
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                code.append('-');
            }
            code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
        }
        return code.toString();
    }

    /** Hyphens, spaces and case do not matter when a person types a recovery code. */
    static String hashRecoveryCode(String code) {
        String normalized = code == null
                ? ""
                : code.replace("-", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
        return CanonicalJson.sha256("recovery-code:" + normalized);
    }
}
