package dev.graphlens.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graphlens.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs a graphlens command in-process, as a user would type it, and returns what it printed. */
public final class CliRun {
    private CliRun() {
    }

    /** Standard output of {@code graphlens args...}; fails unless it exits 0. */
    public static synchronized String stdout(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.commandLine().execute(args), () -> "graphlens " + String.join(" ", args));
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Standard error of {@code graphlens args...}; fails unless it exits with {@code exitCode}. */
    public static String stderr(int exitCode, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(exitCode, cli.execute(args), () -> "graphlens " + String.join(" ", args));
        return err.toString();
    }
}
