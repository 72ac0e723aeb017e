package dev.vigil.oscal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class OscalIdsTest {

    @Test
    void nameBasedUuidsAreVersion5AsRfc4122DefinesThem() {
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        // The example other implementations agree on (Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")).
        assertThat(OscalIds.nameBased(dns, "python.org"))
                .isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
        assertThat(OscalIds.uuid("catalog/1").version()).isEqualTo(5);
        assertThat(OscalIds.uuid("catalog/1")).isEqualTo(OscalIds.uuid("catalog/1"));
        assertThat(OscalIds.uuid("catalog/1")).isNotEqualTo(OscalIds.uuid("catalog/2"));
    }

    @Test
    void controlIdsBecomeOscalTokensWithoutDots() {
        assertThat(OscalIds.controlId("access.workforce-mfa")).isEqualTo("access-workforce-mfa");
        assertThat(OscalIds.controlId("crypto.tls_1.2")).isEqualTo("crypto-tls_1-2");
        assertThat(OscalIds.controlId("27001.a-5")).isEqualTo("c-27001-a-5");
    }

    @Test
    void keysFollowTheOscalReadingOrder() {
        assertThat(KeyOrder.apply("{\"catalog\":{\"back-matter\":{},\"groups\":[],\"zeta\":1,\"metadata\":{},"
                                + "\"uuid\":\"u\"}}")
                        .replaceAll("\\s", ""))
                .isEqualTo(
                        "{\"catalog\":{\"uuid\":\"u\",\"metadata\":{},\"groups\":[],\"back-matter\":{},\"zeta\":1}}");
    }
}
