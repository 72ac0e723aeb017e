package dev.vigil.connector.linuxhost;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs programs of the machine Vigil runs on, without a shell and bounded in time. Commands describe the real
 * machine, so the collector only enables this when the configured root is {@code /}; a program that is not
 * installed is a normal situation and yields {@link Optional#empty()}.
 */
final class CommandRunner {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final List<String> PROGRAM_DIRECTORIES =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
    private static final int OUTPUT_LIMIT = 4 * 1024 * 1024;

    private final boolean enabled;
    private final Duration timeout;

    CommandRunner(boolean enabled, Duration timeout) {
        this.enabled = enabled;
        this.timeout = timeout;
    }

    static CommandRunner enabled() {
        return new CommandRunner(true, TIMEOUT);
    }

    static CommandRunner disabled() {
        return new CommandRunner(false, TIMEOUT);
    }

    boolean isEnabled() {
        return enabled;
    }

    /** What a finished (or stopped) command printed. */
    record Result(
            String commandLine, int exitCode, Duration timeout, boolean timedOut, String output, String errorOutput) {

        boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        /** One line saying why the command did not succeed, for unknown reasons and details. */
        String failure() {
            if (timedOut) {
                return commandLine + " timed out after " + timeout.toMillis() + " ms";
            }
            String firstLine = errorOutput.strip().lines().findFirst().orElse("no error output");
            return commandLine + " exited with " + exitCode + ": " + firstLine;
        }
    }

    /**
     * Runs {@code program} with arguments.
     *
     * @return empty when commands are disabled or the program is not installed
     */
    Optional<Result> run(String program, String... arguments) {
        if (!enabled) {
            return Optional.empty();
        }
        Optional<Path> executable = PROGRAM_DIRECTORIES.stream()
                .map(directory -> Path.of(directory, program))
                .filter(Files::isExecutable)
                .findFirst();
        if (executable.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(executable.get().toString());
        command.addAll(List.of(arguments));
        String commandLine = program + (arguments.length == 0 ? "" : " " + String.join(" ", arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            return Optional.of(new Result(commandLine, -1, timeout, false, "", HostFiles.describe(e)));
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> errorOutput = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.destroyForcibly();
        }
        int exitCode = finished ? process.exitValue() : -1;
        return Optional.of(
                new Result(commandLine, exitCode, timeout, !finished, collected(output), collected(errorOutput)));
    }

    /** The drained output, or what is there after a second: a child process may keep the pipe open. */
    private static String collected(CompletableFuture<String> stream) {
        try {
            return stream.get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    private static String drain(InputStream stream) {
        try (stream) {
            byte[] bytes = stream.readNBytes(OUTPUT_LIMIT);
            stream.transferTo(OutputStream.nullOutputStream()); // never block the program on a full pipe
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
