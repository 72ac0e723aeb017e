package dev.vigil.connector.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Counts how many of a branch's latest commits carry a signature ({@code gpgsig} header: OpenPGP, SSH or X.509).
 * The signature is not verified: Vigil holds no list of trusted keys, so the attribute says "signed", and the
 * hosting service's verification (or a later check with a key list) says "signed by whom".
 */
final class CommitSignatures {

    static final int MAX_LISTED_UNSIGNED = 20;

    private CommitSignatures() {}

    static Map<String, Object> read(Repository repository, RevCommit head, long window) throws IOException {
        long examined = 0;
        long signed = 0;
        Map<String, Long> formats = new TreeMap<>();
        List<String> unsigned = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.sort(RevSort.COMMIT_TIME_DESC);
            walk.markStart(walk.parseCommit(head));
            for (RevCommit commit : walk) {
                if (examined >= window) {
                    break;
                }
                examined++;
                byte[] signature = commit.getRawGpgSignature();
                if (signature != null) {
                    signed++;
                    formats.merge(format(signature), 1L, Long::sum);
                } else if (unsigned.size() < MAX_LISTED_UNSIGNED) {
                    unsigned.add(commit.abbreviate(12).name());
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("window", window);
        result.put("examined", examined);
        result.put("signed", signed);
        result.put("share", examined == 0 ? null : (double) signed / examined);
        result.put("formats", new LinkedHashMap<String, Object>(formats));
        result.put("unsignedCommits", unsigned);
        result.put("verified", false);
        return result;
    }

    private static String format(byte[] signature) {
        String text = new String(signature, 0, Math.min(signature.length, 64), StandardCharsets.US_ASCII);
        if (text.contains("BEGIN PGP SIGNATURE")) {
            return "openpgp";
        }
        if (text.contains("BEGIN SSH SIGNATURE")) {
            return "ssh";
        }
        if (text.contains("BEGIN SIGNED MESSAGE") || text.contains("BEGIN PKCS7")) {
            return "x509";
        }
        return "other";
    }
}
