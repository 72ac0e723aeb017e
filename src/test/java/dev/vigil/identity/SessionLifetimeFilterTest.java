package dev.vigil.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

class SessionLifetimeFilterTest {

    private MockHttpServletResponse requestAfter(Duration age, MockHttpSession session) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setSession(session);
        MockHttpServletResponse response = new MockHttpServletResponse();
        new SessionLifetimeFilter(Clock.offset(Clock.systemUTC(), age))
                .doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void anActiveSessionStillEndsTwelveHoursAfterItBegan() throws Exception {
        MockHttpSession session = new MockHttpSession();

        MockHttpServletResponse response = requestAfter(Duration.ofHours(12).plusMinutes(1), session);

        assertThat(response.getRedirectedUrl()).isEqualTo("/login?expired");
        assertThat(session.isInvalid()).isTrue();
    }

    @Test
    void aYoungerSessionPassesThrough() throws Exception {
        MockHttpSession session = new MockHttpSession();

        MockHttpServletResponse response = requestAfter(Duration.ofHours(11), session);

        assertThat(response.getRedirectedUrl()).isNull();
        assertThat(session.isInvalid()).isFalse();
    }
}
