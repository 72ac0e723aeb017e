package dev.vigil.connector.git;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials in the text of a committed file, with patterns precise enough that a hit is almost always a
 * real credential: token formats with a fixed prefix and length, private key blocks that contain key material,
 * and AWS access key ids that have a secret key next to them.
 *
 * <p>A finding names the file, the line and the kind of credential. The matched text itself is never kept, so it
 * cannot reach attributes, evidence, logs or reasons.
 */
final class SecretScanner {

    /** A credential found at a line (1-based) of a file. */
    record Finding(String path, long line, String kind) {}

    private record Rule(String kind, Pattern pattern) {}

    private static final List<Rule> TOKEN_RULES = List.of(
            new Rule("GitHub token", Pattern.compile("(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])")),
            new Rule(
                    "GitHub token",
                    Pattern.compile("(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9])")),
            new Rule("GitLab token", Pattern.compile("(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}")),
            new Rule(
                    "Slack token",
                    Pattern.compile("(?<![A-Za-z0-9])xox[bp]-[0-9]{6,}-[0-9]{6,}(?:-[0-9]{6,})?-[A-Za-z0-9]{20,}")),
            new Rule("Google API key", Pattern.compile("(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])")),
            new Rule("Stripe live key", Pattern.compile("(?<![A-Za-z0-9])[sr]k_live_[0-9A-Za-z]{24,}")));

    private static final Pattern PRIVATE_KEY_HEADER =
            Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----");
    /** A line of base64 key material, as PEM and OpenPGP armour wrap it (64 or 76 characters). */
    private static final Pattern KEY_MATERIAL = Pattern.compile("^[A-Za-z0-9+/=]{40,}\\s*$");

    private static final Pattern AWS_KEY_ID = Pattern.compile("(?<![A-Z0-9])AKIA[A-Z2-7]{16}(?![A-Z0-9])");
    /** A 40-character secret access key: base64 alphabet, standing alone. */
    private static final Pattern AWS_SECRET = Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");

    private static final int KEY_MATERIAL_LOOKAHEAD = 5;
    private static final int AWS_SECRET_DISTANCE = 3;

    /** Cheap test that lets most files skip the per-line patterns. */
    private static final List<String> MARKERS = List.of(
            "PRIVATE KEY",
            "AKIA",
            "ghp_",
            "gho_",
            "ghu_",
            "ghs_",
            "ghr_",
            "github_pat_",
            "glpat-",
            "xoxb-",
            "xoxp-",
            "AIza",
            "k_live_");

    private SecretScanner() {}

    static List<Finding> scan(String path, String text) {
        if (MARKERS.stream().noneMatch(text::contains)) {
            return List.of();
        }
        String[] lines = text.split("\r?\n", -1);
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            for (Rule rule : TOKEN_RULES) {
                if (rule.pattern().matcher(line).find()) {
                    findings.add(new Finding(path, i + 1L, rule.kind()));
                }
            }
            if (PRIVATE_KEY_HEADER.matcher(line).find() && keyMaterialFollows(lines, i)) {
                findings.add(new Finding(path, i + 1L, "private key"));
            }
            Matcher keyId = AWS_KEY_ID.matcher(line);
            while (keyId.find()) {
                if (!keyId.group().endsWith("EXAMPLE") && awsSecretNear(lines, i)) {
                    findings.add(new Finding(path, i + 1L, "AWS access key"));
                    break;
                }
            }
        }
        return findings;
    }

    private static boolean keyMaterialFollows(String[] lines, int header) {
        for (int i = header + 1; i < lines.length && i <= header + KEY_MATERIAL_LOOKAHEAD; i++) {
            if (KEY_MATERIAL.matcher(lines[i].strip()).matches()) {
                return true;
            }
        }
        return false;
    }

    /** A secret access key in the same or a nearby line: mixed case and digits, unlike a hex digest. */
    private static boolean awsSecretNear(String[] lines, int at) {
        int from = Math.max(0, at - AWS_SECRET_DISTANCE);
        int to = Math.min(lines.length - 1, at + AWS_SECRET_DISTANCE);
        for (int i = from; i <= to; i++) {
            Matcher secret = AWS_SECRET.matcher(lines[i]);
            while (secret.find()) {
                String candidate = secret.group();
                if (candidate.chars().anyMatch(Character::isUpperCase)
                        && candidate.chars().anyMatch(Character::isLowerCase)
                        && candidate.chars().anyMatch(Character::isDigit)) {
                    return true;
                }
            }
        }
        return false;
    }
}
