package dev.vigil.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.workspace.Workspaces;
import java.io.StringWriter;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit log on the real database: entries chain, the database refuses edits, and tampering is found. */
@SpringBootTest(properties = {"vigil.data-dir=target/test-data/audit-${random.uuid}", "vigil.demo.enabled=false"})
class AuditLogTest {

    @Autowired
    AuditLog audit;

    @Autowired
    Workspaces workspaces;

    @Autowired
    DataSource dataSource;

    @Test
    void entriesChainAndAnEditedEntryIsFound() {
        var workspace = workspaces.findBySlug("default").orElseThrow().id();
        AuditEvent first =
                audit.record(workspace, "user:a@example.com", "integration.created", "i-1", Map.of("name", "x"));
        AuditEvent second = audit.record(workspace, "user:a@example.com", "scope.changed", "soc2", Map.of());

        assertThat(second.previousHash()).isEqualTo(first.recordHash());
        assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
        assertThat(audit.verify().intact()).isTrue();

        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThatThrownBy(() -> jdbc.sql("update audit_event set actor = 'someone else' where id = ?")
                        .param(first.id())
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where id = ?")
                        .param(first.id())
                        .update())
                .hasMessageContaining("append-only");

        // Someone with the database owner's rights disables the trigger and edits history: the chain shows it.
        jdbc.sql("alter table audit_event disable trigger audit_event_append_only")
                .update();
        try {
            jdbc.sql("update audit_event set actor = 'someone else' where id = ?")
                    .param(first.id())
                    .update();
            AuditLog.Verification verification = audit.verify();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.brokenAtSequence()).isEqualTo(first.sequence());
        } finally {
            jdbc.sql("update audit_event set actor = 'user:a@example.com' where id = ?")
                    .param(first.id())
                    .update();
            jdbc.sql("alter table audit_event enable trigger audit_event_append_only")
                    .update();
        }
        assertThat(audit.verify().intact()).isTrue();

        StringWriter out = new StringWriter();
        int exported = audit.exportJsonLines(workspace, out);
        assertThat(exported).isGreaterThanOrEqualTo(2);
        assertThat(out.toString().lines()).hasSize(exported);
        assertThat(out.toString()).contains("\"action\":\"scope.changed\"");
    }
}
