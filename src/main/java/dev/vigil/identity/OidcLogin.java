package dev.vigil.identity;

import dev.vigil.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * Sign-in with the organization's OpenID Connect provider: the authorization code flow with PKCE (also for
 * confidential clients), state and nonce checked by Spring Security. The provider's registration is built from
 * Vigil's own settings ({@link OidcProperties}) and discovered from the issuer on first use, so Vigil starts even
 * while the provider is unreachable.
 *
 * <p>A successful sign-in is the first factor only ({@code FACTOR_AUTHORIZATION_CODE}, no role): like after a
 * password, the person continues at {@code /mfa} with Vigil's own second factor (ADR 0013). Who the person is in
 * Vigil, and with which role, is decided by {@link OidcAccounts} from the provider's claims.
 */
@Component
class OidcLogin {

    static final String REGISTRATION_ID = "oidc";

    private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);

    private final SingleSignOn sso;
    private final OidcAccounts accounts;
    private final AuditLog audit;
    private final DiscoveredRegistration registrations;

    OidcLogin(SingleSignOn sso, OidcAccounts accounts, AuditLog audit) {
        this.sso = sso;
        this.accounts = accounts;
        this.audit = audit;
        this.registrations = new DiscoveredRegistration(sso.settings());
    }

    /** Adds the sign-in with the provider to the web chain; does nothing when single sign-on is off. */
    void configure(HttpSecurity http) throws Exception {
        if (!sso.enabled()) {
            return;
        }
        DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        // PKCE for confidential clients too (public clients get it anyway): a stolen code is useless alone.
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        // Only this provider's code flow, with the account mapping below; nothing publishes authentication
        // events, so the password throttle and audit listeners never see these attempts (audited here instead).
        ProviderManager manager = new ProviderManager(new OidcAuthorizationCodeAuthenticationProvider(
                new RestClientAuthorizationCodeTokenResponseClient(), new AccountMappingUserService()));
        http.oauth2Login(login -> login.loginPage("/login")
                .clientRegistrationRepository(registrations)
                // Tokens are not used after sign-in; keep them with the session, not in a growing in-memory map.
                .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(requests))
                .successHandler(new Succeeded())
                .failureHandler(new Failed())
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2LoginAuthenticationFilter>() {
                    @Override
                    public <O extends OAuth2LoginAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationManager(manager);
                        return filter;
                    }
                }));
    }

    /** Loads the provider's user, then finds or creates the Vigil account and its role. */
    final class AccountMappingUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

        private final OidcUserService provider = new OidcUserService();

        @Override
        public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
            OidcUser user = provider.loadUser(request);
            String email = user.getEmail();
            if (email == null || !email.strip().matches("[^@\\s]+@[^@\\s]+")) {
                throw new SsoRefusal(SsoRefusal.Reason.NO_EMAIL, email);
            }
            if (sso.settings().requireVerifiedEmail() && !Boolean.TRUE.equals(user.getEmailVerified())) {
                throw new SsoRefusal(SsoRefusal.Reason.EMAIL_NOT_VERIFIED, email);
            }
            List<String> values =
                    claimValues(user.getAttributes(), sso.settings().roleClaim());
            Role role = sso.roles().roleFor(values).orElseThrow(() -> new SsoRefusal(SsoRefusal.Reason.NO_ROLE, email));
            VigilPrincipal principal =
                    accounts.signIn(user.getIssuer().toString(), user.getSubject(), email, user.getFullName(), role);
            // The first factor only; the role is added when Vigil's second factor completes the sign-in.
            return new VigilOidcUser(
                    List.of(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY)),
                    user.getIdToken(),
                    user.getUserInfo(),
                    principal);
        }
    }

    /** The scopes to ask for; {@code openid} always, or the provider would not answer as OpenID Connect. */
    static List<String> scopes(String configured) {
        List<String> scopes = new ArrayList<>(List.of("openid"));
        Arrays.stream(configured.split("[,\\s]+"))
                .filter(scope -> !scope.isBlank() && !scopes.contains(scope))
                .forEach(scopes::add);
        return scopes;
    }

    /** The values of a claim (a dotted path reaches into nested objects), as strings. */
    static List<String> claimValues(Map<String, Object> claims, String path) {
        Object value = claims;
        for (String part : path.split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        List<String> values = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            collection.stream().filter(item -> item != null).forEach(item -> values.add(item.toString()));
        } else if (value != null) {
            values.add(value.toString());
        }
        return values;
    }

    /** Records the first step and continues with Vigil's second factor, like after a password. */
    final class Succeeded implements AuthenticationSuccessHandler {

        private final AuthenticationSuccessHandler next = new SimpleUrlAuthenticationSuccessHandler("/mfa");

        @Override
        public void onAuthenticationSuccess(
                HttpServletRequest request, HttpServletResponse response, Authentication authentication)
                throws IOException, jakarta.servlet.ServletException {
            if (authentication.getPrincipal() instanceof VigilOidcUser user) {
                VigilPrincipal principal = user.principal();
                audit.record(
                        principal.workspaceId(),
                        principal.actor(),
                        "sign-in.succeeded",
                        null,
                        Map.of(
                                "role",
                                principal.role().name(),
                                "method",
                                "oidc",
                                "factor",
                                "authorization_code",
                                "issuer",
                                user.getIssuer().toString()));
            }
            next.onAuthenticationSuccess(request, response, authentication);
        }
    }

    /** Records the failure and shows the sign-in page with the reason. */
    final class Failed implements AuthenticationFailureHandler {

        @Override
        public void onAuthenticationFailure(
                HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
                throws IOException {
            String reason = exception instanceof SsoRefusal refusal ? refusal.reason().code : "failed";
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("method", "oidc");
            details.put("reason", reason);
            if (exception instanceof SsoRefusal refusal && refusal.email() != null) {
                details.put("email", refusal.email().strip());
            }
            if (exception instanceof OAuth2AuthenticationException oauth && !(exception instanceof SsoRefusal)) {
                details.put("error", oauth.getError().getErrorCode());
            }
            audit.record(accounts.defaultWorkspace(), "anonymous", "sign-in.failed", null, details);
            log.warn("Refused single sign-on: {} ({})", reason, exception.getMessage());
            response.sendRedirect(request.getContextPath() + "/login?sso=" + reason);
        }
    }

    /**
     * The provider's registration, discovered from the issuer the first time someone signs in and kept after; a
     * failed discovery is retried at the next attempt.
     */
    static final class DiscoveredRegistration implements ClientRegistrationRepository {

        private final OidcProperties settings;
        private volatile ClientRegistration registration;

        DiscoveredRegistration(OidcProperties settings) {
            this.settings = settings;
        }

        @Override
        public ClientRegistration findByRegistrationId(String registrationId) {
            if (!REGISTRATION_ID.equals(registrationId)) {
                return null;
            }
            ClientRegistration known = registration;
            if (known == null) {
                synchronized (this) {
                    known = registration;
                    if (known == null) {
                        known = discover().orElse(null);
                        registration = known;
                    }
                }
            }
            return known;
        }

        private Optional<ClientRegistration> discover() {
            try {
                String base = settings.baseUrl().toString().replaceAll("/+$", "");
                ClientRegistration.Builder builder = ClientRegistrations.fromOidcIssuerLocation(settings.issuer())
                        .registrationId(REGISTRATION_ID)
                        .clientName(settings.name())
                        .clientId(settings.clientId())
                        .redirectUri(base + "/login/oauth2/code/{registrationId}")
                        .scope(scopes(settings.scopes()))
                        .userNameAttributeName("sub");
                if (OidcProperties.blank(settings.clientSecret())) {
                    builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
                } else {
                    builder.clientSecret(settings.clientSecret());
                }
                return Optional.of(builder.build());
            } catch (RuntimeException e) {
                log.error(
                        "Cannot read the OpenID Connect provider's configuration from {}: {}",
                        settings.issuer(),
                        e.getMessage());
                return Optional.empty();
            }
        }
    }
}
