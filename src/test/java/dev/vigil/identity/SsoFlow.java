package dev.vigil.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.net.URI;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A browser going through single sign-on: Vigil (through MockMvc, keeping its session) redirects to Keycloak, the
 * person signs in there (a real HTTP client filling in Keycloak's form), and Keycloak sends the browser back to
 * Vigil with the code.
 */
final class SsoFlow {

    private final MockMvc mvc;
    private final KeycloakServer keycloak;

    SsoFlow(MockMvc mvc, KeycloakServer keycloak) {
        this.mvc = mvc;
        this.keycloak = keycloak;
    }

    /** Clicks "Sign in with ..." and returns the provider's authorization URL Vigil redirects to. */
    URI start(MockHttpSession session) throws Exception {
        MvcResult result =
                mvc.perform(get("/oauth2/authorization/oidc").session(session)).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(302);
        return URI.create(result.getResponse().getRedirectedUrl());
    }

    /** Returns from the provider to Vigil; the answer is where Vigil sends the browser next. */
    String finish(MockHttpSession session, URI callback) throws Exception {
        assertThat(callback.getPath()).isEqualTo("/login/oauth2/code/oidc");
        MvcResult result = mvc.perform(get(callback).session(session)).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(302);
        return result.getResponse().getRedirectedUrl();
    }

    /** The whole round trip for a person with the test password. */
    String signIn(MockHttpSession session, String email) throws Exception {
        return finish(session, keycloak.login(start(session), email));
    }
}
