package dev.vigil.connector.linuxhost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

    private final CommandRunner commands = CommandRunner.enabled();

    @Test
    void printsWhatTheProgramPrinted() {
        CommandRunner.Result result = commands.run("uname", "-s").orElseThrow();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.output().strip()).isEqualTo("Linux");
    }

    @Test
    void aMissingProgramIsNoResultNotAFailure() {
        assertThat(commands.run("vigil-no-such-program", "--version")).isEmpty();
    }

    @Test
    void disabledRunnerRunsNothing() {
        assertThat(CommandRunner.disabled().run("uname", "-s")).isEmpty();
    }

    @Test
    void argumentsReachTheProgramWithoutAShell() {
        CommandRunner.Result result =
                commands.run("echo", "$HOME", ";", "false").orElseThrow();

        assertThat(result.output().strip()).isEqualTo("$HOME ; false");
    }

    @Test
    void aFailingProgramSaysHowItFailed() {
        CommandRunner.Result result =
                commands.run("ls", "/vigil-no-such-directory").orElseThrow();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).startsWith("ls /vigil-no-such-directory exited with 2: ");
    }

    @Test
    void aProgramThatTakesTooLongIsStopped() {
        CommandRunner quick = new CommandRunner(true, Duration.ofMillis(200));

        CommandRunner.Result result = quick.run("sleep", "5").orElseThrow();

        assertThat(result.timedOut()).isTrue();
        assertThat(result.failure()).isEqualTo("sleep 5 timed out after 200 ms");
    }
}
