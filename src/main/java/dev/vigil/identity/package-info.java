/**
 * Identity: users, their role in each workspace, API tokens, and how a request proves who it is (form sign-in
 * for people, bearer tokens for automation).
 *
 * <p>Owns the rule of who may do what ({@link dev.vigil.identity.Access}); controllers declare it per endpoint.
 * Also owns how sign-in defends itself: the mandatory second factor ({@code SecondFactors}, {@code
 * SecondFactorSignIn}: TOTP enrollment, codes, recovery codes), throttling of password and code guessing ({@code
 * SignInThrottle}), the absolute session lifetime, and writing every sign-in to the audit log. API tokens ({@code
 * ApiTokens}) are scoped ({@code ApiTokenScope}: the scope a request needs follows from its HTTP method and is checked
 * by {@code BearerTokenFilter} before any endpoint), expiring and revocable, and their use is audited. It knows nothing about what the endpoints do.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package dev.vigil.identity;
