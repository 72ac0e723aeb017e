package dev.vigil.setup;

import dev.vigil.audit.AuditLog;
import dev.vigil.identity.ApiTokens;
import dev.vigil.identity.Role;
import dev.vigil.identity.Users;
import dev.vigil.integration.IntegrationRequest;
import dev.vigil.integration.Integrations;
import dev.vigil.platform.VigilProperties;
import dev.vigil.workspace.Workspace;
import dev.vigil.workspace.Workspaces;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Prepares a fresh installation so the first sign-in already shows real results. */
@Component
@Order(0)
class FirstStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);
    static final String DEFAULT_ADMIN_EMAIL = "admin@vigil.local";
    static final String DEMO_INTEGRATION_NAME = "This machine";
    static final String ACTOR = "system:first-start";

    private final Workspaces workspaces;
    private final Users users;
    private final ApiTokens tokens;
    private final Integrations integrations;
    private final VigilProperties properties;
    private final AuditLog audit;

    FirstStart(
            Workspaces workspaces,
            Users users,
            ApiTokens tokens,
            Integrations integrations,
            VigilProperties properties,
            AuditLog audit) {
        this.workspaces = workspaces;
        this.users = users;
        this.tokens = tokens;
        this.integrations = integrations;
        this.properties = properties;
        this.audit = audit;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        Workspaces.Created created = workspaces.ensureDefault();
        Workspace workspace = created.workspace();
        if (created.isNew()) {
            audit.record(
                    workspace.id(),
                    ACTOR,
                    "workspace.created",
                    workspace.id().toString(),
                    Map.of("name", workspace.name()));
        }
        if (!users.anyExists()) {
            createOwner(workspace);
        }
        if (created.isNew() && properties.demo().enabled()) {
            integrations.create(
                    workspace.id(),
                    new IntegrationRequest("linux-host", DEMO_INTEGRATION_NAME, Map.of("rootPath", "/"), null, true),
                    ACTOR);
            log.info(
                    "First start: added the integration '{}' watching the machine Vigil runs on",
                    DEMO_INTEGRATION_NAME);
        }
    }

    private void createOwner(Workspace workspace) {
        VigilProperties.Admin admin = properties.admin();
        String email =
                blank(admin.email()) ? DEFAULT_ADMIN_EMAIL : admin.email().strip();
        boolean generated = blank(admin.password());
        String password = generated ? generatePassword() : admin.password();
        UUID owner;
        try {
            owner = users.create(workspace.id(), email, "Owner", password, Role.OWNER, ACTOR);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "Cannot create the first owner from VIGIL_ADMIN_EMAIL and" + " VIGIL_ADMIN_PASSWORD: "
                            + e.getMessage(),
                    e);
        }
        if (generated) {
            // Printed exactly once: it is stored only as an Argon2 hash.
            log.warn(
                    "First start: created the owner account {} with the generated password: {}  (set"
                            + " VIGIL_ADMIN_EMAIL and VIGIL_ADMIN_PASSWORD to choose them; this is not shown again)",
                    email,
                    password);
        } else {
            log.info("First start: created the owner account {}", email);
        }
        // No second factor is created here: the owner sets up an authenticator app at the first sign-in, like
        // everyone else, so its secret exists only on the owner's phone and encrypted in the database.
        log.info("First start: {} sets up an authenticator app (second factor) at the first sign-in", email);
        audit.record(
                workspace.id(),
                ACTOR,
                "user.created",
                owner.toString(),
                Map.of("email", email, "role", Role.OWNER.name(), "passwordGenerated", generated));
        if (!blank(admin.apiToken())) {
            try {
                tokens.create(
                        workspace.id(),
                        owner,
                        "VIGIL_ADMIN_API_TOKEN",
                        admin.apiToken().strip(),
                        null);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Cannot register VIGIL_ADMIN_API_TOKEN: " + e.getMessage(), e);
            }
            audit.record(
                    workspace.id(),
                    ACTOR,
                    "api-token.created",
                    owner.toString(),
                    Map.of("name", "VIGIL_ADMIN_API_TOKEN", "expires", "never", "scopes", java.util.List.of("write")));
            log.info("First start: VIGIL_ADMIN_API_TOKEN registered as an API token of {}", email);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String generatePassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                password.append('-');
            }
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
