package dev.vigil.identity;

import dev.vigil.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@value #ACCOUNT_FREE_FAILURES} failed sign-ins for one email address,
 * or {@value #ADDRESS_FREE_FAILURES} from one network address, further attempts are refused for a while that
 * doubles with each failure (1 minute up to 15 for an account, 5 up to 60 for an address). The email is counted
 * whether or not an account exists, so the refusal says nothing about which accounts exist. A wrong or replayed
 * second-factor code counts like a wrong password, so knowing the password does not open a way to guess codes.
 * Only a complete sign-in (password and second factor) clears the account's count: a right password alone must
 * not, or a guesser holding it could reset the count between code guesses. Counts older than a day are
 * forgotten.
 *
 * <p>Counts live in memory: a restart clears them, and each node of a cluster counts on its own.
 */
@Component
public class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

    static final int ACCOUNT_FREE_FAILURES = 5;
    static final int ADDRESS_FREE_FAILURES = 30;
    private static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final int MAX_TRACKED = 100_000;

    private final Clock clock;
    private final AuditLog audit;
    private final Map<String, Attempts> attempts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Attempts> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    SignInThrottle(Clock clock, AuditLog audit) {
        this.clock = clock;
        this.audit = audit;
    }

    private record Attempts(int failures, Instant lastFailure, Instant lockedUntil) {}

    /**
     * Whether a sign-in for this email from this address must be refused now.
     *
     * @return how long until attempts are accepted again, or empty when they are
     */
    public synchronized Optional<Duration> refusal(String email, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : new String[] {accountKey(email), addressKey(address)}) {
            Attempts current = attempts.get(key);
            if (current != null
                    && current.lockedUntil() != null
                    && current.lockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, current.lockedUntil());
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : null;
        synchronized (this) {
            fail(
                    accountKey(event.getAuthentication().getName()),
                    ACCOUNT_FREE_FAILURES,
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(15));
            fail(addressKey(address), ADDRESS_FREE_FAILURES, Duration.ofMinutes(5), Duration.ofMinutes(60));
        }
    }

    /** A wrong or replayed second-factor code, after the right password. */
    void secondFactorFailed(String email, String address) {
        synchronized (this) {
            fail(accountKey(email), ACCOUNT_FREE_FAILURES, Duration.ofMinutes(1), Duration.ofMinutes(15));
            fail(addressKey(address), ADDRESS_FREE_FAILURES, Duration.ofMinutes(5), Duration.ofMinutes(60));
        }
    }

    /** Both factors were presented: the account starts afresh. */
    synchronized void signedIn(String email) {
        attempts.remove(accountKey(email));
    }

    /** Records that a refused attempt was made, for the audit log. */
    void refused(String email, String address, Duration wait) {
        log.warn("Refused sign-in for '{}' from {}: too many failures, {} s left", email, address, wait.toSeconds());
        audit.record(
                null,
                "anonymous",
                "sign-in.throttled",
                null,
                Map.of("email", email == null ? "" : email.strip(), "retryAfterSeconds", wait.toSeconds()));
    }

    private void fail(String key, int freeFailures, Duration firstLock, Duration maxLock) {
        Instant now = clock.instant();
        Attempts previous = attempts.get(key);
        int failures =
                previous == null || previous.lastFailure().plus(FORGET_AFTER).isBefore(now)
                        ? 1
                        : previous.failures() + 1;
        Instant lockedUntil = null;
        if (failures >= freeFailures) {
            long doublings = Math.min(failures - freeFailures, 20);
            Duration lock = firstLock.multipliedBy(1L << doublings);
            lockedUntil = now.plus(lock.compareTo(maxLock) > 0 ? maxLock : lock);
        }
        attempts.put(key, new Attempts(failures, now, lockedUntil));
    }

    private static String accountKey(String email) {
        return "account:" + (email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }
}
