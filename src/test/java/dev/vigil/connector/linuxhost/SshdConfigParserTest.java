package dev.vigil.connector.linuxhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.connector.linuxhost.SshdSettings.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SshdConfigParserTest {

    @TempDir
    Path root;

    @BeforeEach
    void createConfigurationDirectory() throws Exception {
        Files.createDirectories(root.resolve("etc/ssh/sshd_config.d"));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "90, 90", "30s, 30", "2m, 120", "1h30m, 5400", "1d, 86400", "1w, 604800", "10M5S, 605"})
    void timeValuesAreSeconds(String value, long seconds) {
        assertThat(SshdSettings.parseSeconds(value)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "5x", "-1", "2 m", "m"})
    void invalidTimeValuesAreRejected(String value) {
        assertThatThrownBy(() -> SshdSettings.parseSeconds(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void algorithmListsAppendRemoveMoveOrReplaceTheDefaults() {
        List<String> defaults = List.of("a-etm", "b-etm", "c-sha1");

        assertThat(SshdSettings.algorithmList("+d,a-etm", defaults)).containsExactly("a-etm", "b-etm", "c-sha1", "d");
        assertThat(SshdSettings.algorithmList("-*sha1,b-*", defaults)).containsExactly("a-etm");
        assertThat(SshdSettings.algorithmList("^c-sha1", defaults)).containsExactly("c-sha1", "a-etm", "b-etm");
        assertThat(SshdSettings.algorithmList("x,y", defaults)).containsExactly("x", "y");
    }

    @Test
    void includedFilesAreReadInLexicalOrderAtTheIncludeAndTheFirstValueWins() throws Exception {
        write("etc/ssh/sshd_config", """
                MaxAuthTries 4
                Include sshd_config.d/*.conf
                PermitRootLogin yes
                """);
        write("etc/ssh/sshd_config.d/20-second.conf", "PermitRootLogin forced-commands-only\nX11Forwarding yes\n");
        write("etc/ssh/sshd_config.d/10-first.conf", "PermitRootLogin no\nMaxAuthTries 2\n");
        write("etc/ssh/sshd_config.d/.hidden.conf", "X11Forwarding no\n");
        write("etc/ssh/sshd_config.d/notes.txt", "PasswordAuthentication no\n");

        SshdSettings settings = parse();

        assertThat(settings.maxAuthTries()).isEqualTo(4); // set before the Include
        assertThat(settings.permitRootLogin()).isEqualTo("no"); // 10-first.conf sorts before 20-second.conf
        assertThat(settings.x11Forwarding()).isTrue(); // glob(3) does not match dot files
        assertThat(settings.passwordAuthentication()).isTrue(); // *.conf does not match notes.txt
    }

    @Test
    void matchBlocksDoNotChangeGlobalValuesAndEndWithTheirFile() throws Exception {
        write("etc/ssh/sshd_config", """
                Include /etc/ssh/sshd_config.d/*.conf
                MaxAuthTries 5
                Match Address 10.0.0.0/8
                    PermitRootLogin yes
                    Include /etc/ssh/inside-match.conf
                Match all
                X11Forwarding yes
                """);
        write("etc/ssh/sshd_config.d/50-site.conf", "Match User deploy\n  PasswordAuthentication no\n");
        write("etc/ssh/inside-match.conf", "ClientAliveInterval 60\n");

        SshdSettings settings = parse();

        assertThat(settings.passwordAuthentication()).isTrue();
        assertThat(settings.maxAuthTries()).isEqualTo(5); // the Match in 50-site.conf ended with that file
        assertThat(settings.permitRootLogin()).isEqualTo("prohibit-password");
        assertThat(settings.clientAliveInterval()).isZero(); // an Include inside Match is not global
        assertThat(settings.x11Forwarding()).isTrue(); // "Match all" applies to everyone again
    }

    @Test
    void keywordsAreCaseInsensitiveAndTakeEqualsSignsQuotesAndTrailingComments() throws Exception {
        write("etc/ssh/sshd_config", """
                PERMITROOTLOGIN without-password
                passwordauthentication = No
                MaxAuthTries "3"  # strict
                LoginGraceTime=1m
                """);

        SshdSettings settings = parse();

        assertThat(settings.permitRootLogin()).isEqualTo("prohibit-password");
        assertThat(settings.passwordAuthentication()).isFalse();
        assertThat(settings.maxAuthTries()).isEqualTo(3);
        assertThat(settings.loginGraceTime()).isEqualTo(60);
    }

    @Test
    void anInvalidValueMakesTheSettingsUndeterminedWithItsLocation() throws Exception {
        write("etc/ssh/sshd_config", "# comment\nPasswordAuthentication maybe\n");

        assertThatThrownBy(this::parse)
                .isInstanceOf(UndeterminedException.class)
                .hasMessage("/etc/ssh/sshd_config line 2: passwordauthentication must be yes or no, got 'maybe'");
    }

    @Test
    void includesThatNestTooDeeplyAreRejected() throws Exception {
        write("etc/ssh/sshd_config", "Include /etc/ssh/sshd_config\n");

        assertThatThrownBy(this::parse)
                .isInstanceOf(UndeterminedException.class)
                .hasMessageContaining("nested more than 16");
    }

    @Test
    void effectiveSettingsPrintedBySshdAreUnderstood() throws Exception {
        String output = """
                port 22
                permitrootlogin without-password
                maxauthtries 6
                logingracetime 120
                x11forwarding yes
                passwordauthentication yes
                permitemptypasswords no
                clientaliveinterval 0
                clientalivecountmax 3
                ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com
                macs hmac-sha2-256-etm@openssh.com
                kexalgorithms curve25519-sha256
                """;

        Map<String, Setting> keywords = SshdReader.parseEffectiveSettings(output);
        SshdSettings settings = SshdSettings.from(keywords);

        assertThat(settings.permitRootLogin()).isEqualTo("prohibit-password");
        assertThat(settings.x11Forwarding()).isTrue();
        assertThat(settings.loginGraceTime()).isEqualTo(120);
        assertThat(settings.ciphers()).containsExactly("chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com");
        assertThat(settings.kexAlgorithms()).containsExactly("curve25519-sha256");
    }

    private SshdSettings parse() throws Exception {
        return SshdSettings.from(new SshdConfigParser(new HostFiles(root)).parse());
    }

    private void write(String relativePath, String content) throws Exception {
        Files.writeString(root.resolve(relativePath), content);
    }
}
