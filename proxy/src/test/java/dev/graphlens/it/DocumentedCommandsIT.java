package dev.graphlens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every GraphLens command the README and docs/ show runs as written, in a fresh copy of the
 * repository, against the packaged jar and archive (tools/check-doc-commands.py does the work, so
 * a writer can run it alone).
 */
class DocumentedCommandsIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void everyCommandInTheReadmeAndDocsRunsAsWritten() throws Exception {
        Path archive;
        try (Stream<Path> built = Files.list(Path.of("proxy/target"))) {
            archive = built.filter(p -> p.getFileName().toString().matches("graphlens-.*\\.tar\\.gz")).findFirst().orElseThrow();
        }
        Path output = dir.resolve("check.out");
        Process check = new ProcessBuilder("python3", "tools/check-doc-commands.py", "--jar", "proxy/target/graphlens.jar",
                "--archive", archive.toString()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertTrue(check.waitFor(15, TimeUnit.MINUTES), "not done in 15 min:\n" + Files.readString(output));
        } finally {
            check.descendants().forEach(ProcessHandle::destroy);
            check.destroy();
        }
        String report = Files.readString(output);
        System.out.println(report);
        assertEquals(0, check.exitValue(), report);
        assertTrue(report.contains("./graphlens explain") && report.contains("bin/graphlens"), "the commands were found: " + report);
    }
}
