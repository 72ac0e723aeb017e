package dev.vigil.identity;

import dev.vigil.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AllRequiredFactorsAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Two doors: the API (bearer tokens only, stateless, problem details for 401/403) and the web UI (form sign-in
 * or single sign-on with the organization's identity provider, then a mandatory second factor; session, CSRF). Who may call each endpoint is declared on the endpoint with {@code @PreAuthorize}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
            + " form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        // Argon2id for new hashes; the id prefix lets a future algorithm take over without a migration.
        return new DelegatingPasswordEncoder(
                "argon2", Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
    }

    /**
     * Password sign-in, publishing success and failure events (the audit log and the throttle listen to them).
     * Built explicitly because the default manager hands failures to a parent that publishes nothing.
     */
    @Bean
    AuthenticationManager passwordAuthentication(
            AccountDetailsService accounts, PasswordEncoder passwordEncoder, ApplicationEventPublisher events) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(passwordEncoder);
        ProviderManager manager = new ProviderManager(provider);
        manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
        return manager;
    }

    /**
     * Reports of the host agent carry an agent token ({@code vag_…}), which only the endpoint can check against
     * its integration (the integration module's {@code AgentReports}). They get their own chain, ahead of the
     * API chain, whose bearer filter would refuse a token that is not an API token. Nothing else passes here.
     */
    @Bean
    @Order(0)
    SecurityFilterChain agentReportChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/v1/integrations/*/agent-reports")
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()) // no cookies are accepted here, so there is nothing to forge
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.contentSecurityPolicy(
                        csp -> csp.policyDirectives("default-src 'none';" + " frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, exception) -> problem(
                response,
                HttpServletResponse.SC_UNAUTHORIZED,
                "Unauthorized",
                "Missing or invalid credentials. Send an API token as 'Authorization: Bearer <token>'.");
        AccessDeniedHandler forbidden = (request, response, exception) -> problem(
                response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", "Your role does not allow this action.");
        http.securityMatcher("/api/**", "/actuator/prometheus", "/actuator/sbom", "/actuator/sbom/**")
                .authorizeHttpRequests(authorize -> authorize
                        // Inbound events authenticate with their HMAC signature, checked by the endpoint.
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/v1/integrations/*/events")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()) // no cookies are accepted here, so there is nothing to forge
                .requestCache(cache -> cache.disable())
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .addFilterBefore(
                        new BearerTokenFilter(tokens, unauthorized, SecurityConfiguration::missingScope),
                        AnonymousAuthenticationFilter.class)
                .headers(headers -> headers.contentSecurityPolicy(
                        csp -> csp.policyDirectives("default-src 'none';" + " frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webChain(
            HttpSecurity http,
            SignInThrottle throttle,
            AuthenticationManager passwordAuthentication,
            Clock clock,
            SingleSignOn sso,
            OidcLogin oidcLogin,
            AuditLog audit)
            throws Exception {
        // Every page but the public ones and the second step needs two factors: the password or the identity
        // provider's sign-in (authorization code), then Vigil's own code; see SecondFactorSignIn and ADR 0013.
        AuthorizationManager<RequestAuthorizationContext> passwordAndCode =
                AllRequiredFactorsAuthorizationManager.<RequestAuthorizationContext>builder()
                        .requireFactor(factor -> factor.passwordAuthority())
                        .requireFactor(factor -> factor.authority(SecondFactorSignIn.TOTP_AUTHORITY))
                        .build();
        AuthorizationManager<RequestAuthorizationContext> providerAndCode =
                AllRequiredFactorsAuthorizationManager.<RequestAuthorizationContext>builder()
                        .requireFactor(factor -> factor.authorizationCodeAuthority())
                        .requireFactor(factor -> factor.authority(SecondFactorSignIn.TOTP_AUTHORITY))
                        .build();
        AuthorizationManager<RequestAuthorizationContext> bothFactors =
                AuthorizationManagers.anyOf(passwordAndCode, providerAndCode);
        http.authenticationManager(passwordAuthentication)
                .addFilterBefore(new SessionLifetimeFilter(clock), SecurityContextHolderFilter.class)
                .addFilterBefore(new PasswordSignInGate(sso, audit), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new SignInThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(
                                "/login",
                                "/css/**",
                                "/js/**",
                                "/img/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/actuator/health",
                                "/actuator/health/**",
                                "/v3/api-docs",
                                "/v3/api-docs/**",
                                "/error")
                        .permitAll()
                        .requestMatchers("/mfa", "/mfa/**")
                        .hasAnyAuthority(
                                FactorGrantedAuthority.PASSWORD_AUTHORITY,
                                FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY)
                        .anyRequest()
                        .access(bothFactors))
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(new SecondFactorPendingHandler()))
                // After the password, always the second step; it returns to the page first asked for.
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(new SimpleUrlAuthenticationSuccessHandler("/mfa"))
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .frameOptions(frame -> frame.deny()));
        oidcLogin.configure(http);
        return http.build();
    }

    /**
     * A session that has passed only the password is sent to the second step when it asks for a page, and gets a
     * plain 401 for anything else (htmx requests, downloads asked for as JSON, posts). Other denials keep the
     * usual 403.
     */
    static final class SecondFactorPendingHandler implements AccessDeniedHandler {

        private final AccessDeniedHandler otherwise = new AccessDeniedHandlerImpl();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
                throws java.io.IOException, jakarta.servlet.ServletException {
            if (SecondFactorSignIn.pending(SecurityContextHolder.getContext().getAuthentication())
                    .isEmpty()) {
                otherwise.handle(request, response, denied);
                return;
            }
            String accept = request.getHeader("Accept");
            boolean pageNavigation = "GET".equals(request.getMethod())
                    && request.getHeader("HX-Request") == null
                    && (accept == null || accept.contains("text/html") || accept.contains("*/*"));
            if (pageNavigation) {
                response.sendRedirect(request.getContextPath() + "/mfa");
            } else {
                problem(
                        response,
                        HttpServletResponse.SC_UNAUTHORIZED,
                        "Unauthorized",
                        "The sign-in is not complete: the second factor is missing.");
            }
        }
    }

    /** 403 for an API token that lacks the scope the request's method needs, naming that scope. */
    static void missingScope(HttpServletRequest request, HttpServletResponse response, ApiTokenScope missing)
            throws java.io.IOException {
        String method = request.getMethod().replaceAll("[^A-Za-z]", "");
        problem(
                response,
                HttpServletResponse.SC_FORBIDDEN,
                "Forbidden",
                "This API token lacks the scope '" + missing.id() + "', which " + method
                        + " requests need. Use a token with the scope '" + missing.id() + "'.",
                ",\"missingScope\":\"" + missing.id() + "\"");
    }

    static void problem(HttpServletResponse response, int status, String title, String detail)
            throws java.io.IOException {
        problem(response, status, title, detail, "");
    }

    /** Writes a problem detail; {@code members} are extra JSON members, each led by a comma, already escaped. */
    private static void problem(HttpServletResponse response, int status, String title, String detail, String members)
            throws java.io.IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                        + detail.replace("\"", "'") + "\"" + members + "}");
    }
}
