package dev.graphlens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar and the ./graphlens launcher, as a user runs them. */
class LauncherIT {
    @TempDir
    Path dir;

    record Result(int exit, String out) {
        String firstLine() {
            return out.lines().findFirst().orElse("");
        }
    }

    Result jar(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", "proxy/target/graphlens.jar"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    String certs() {
        return dir.resolve("certs").toString();
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Result r = jar("--help");
        assertEquals(0, r.exit(), r.out());
        for (String command : List.of("run", "ca", "explain", "report")) {
            assertTrue(r.out().contains(command), r.out());
        }
    }

    @Test
    void badFlagIsOneClearLine() throws Exception {
        Result r = jar("--port", "eighty", "--certs-dir", certs());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.firstLine().startsWith("graphlens: ") && r.firstLine().contains("--port"), r.out());
    }

    @Test
    void anUnknownConsoleChoiceIsOneLineListingTheChoices() throws Exception {
        Result r = jar("--console", "loud", "--port", "0", "--certs-dir", certs());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.firstLine().contains("--console") && r.firstLine().contains("FAILURES"), r.out());
    }

    @Test
    void badSettingsFileIsOneLineNamingIt() throws Exception {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, "{\"tunnelPorts\": [443, 99999]}");
        Result r = jar("--port", "0", "--certs-dir", certs(), "--config", config.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.firstLine().contains("bad.json") && r.firstLine().contains("99999"), r.out());
    }

    @Test
    void upstreamProxyThatIsGraphLensItselfIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = jar("--port", String.valueOf(port), "--upstream-proxy", "http://127.0.0.1:" + port, "--certs-dir", certs(),
                "--log-file", dir.resolve("l.jsonl").toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("is GraphLens itself: that would loop"), r.out());
    }

    @Test
    void halfPresentCaStopsStartupWithTheFix() throws Exception {
        assertEquals(0, jar("ca", "--certs-dir", certs()).exit());
        Files.delete(dir.resolve("certs/graphlens-ca.key"));
        Result r = jar("--port", "0", "--certs-dir", certs());
        assertEquals(3, r.exit(), r.out());
        assertTrue(r.out().contains("graphlens-ca.key is missing") && r.out().contains("move"), r.out());
    }

    @Test
    void portZeroReportsTheRealPortAndServes() throws Exception {
        Process p = new ProcessBuilder("java", "-jar", "proxy/target/graphlens.jar", "--port", "0", "--certs-dir", certs(),
                "--log-file", dir.resolve("l.jsonl").toString()).redirectErrorStream(true).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
            Matcher found = null;
            StringBuilder seen = new StringBuilder();
            for (String line; found == null && (line = in.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = listening.matcher(line);
                found = m.find() ? m : null;
            }
            assertTrue(found != null, "no 'listening on' line in:\n" + seen);
            assertTrue(seen.toString().contains("graphlens-ca.pem") && seen.toString().contains("curl -x"), seen.toString());
            int port = Integer.parseInt(found.group(1));
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(reply.startsWith("HTTP/1.1 400") && reply.contains("X-Graph-Diagnosis"), reply);
            }
        } finally {
            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the proxy stops on SIGTERM");
        }
    }

    @Test
    void launcherRunsTheBuiltJar() throws Exception {
        Process p = new ProcessBuilder("./graphlens", "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("GraphLens"), out);
    }
}
