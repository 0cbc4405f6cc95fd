package dev.graphlens.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.diagnosis.Knowledge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings and data files come from the settings file's directory where they are there, else from the jar. */
class BuiltInConfigTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyConfigDirectoryRunsOnTheBuiltInSettingsAndData() throws Exception {
        Settings settings = Settings.load(dir.resolve("graphlens.json"));
        assertEquals(Settings.load(Path.of("config/graphlens.json")).interceptHosts(), settings.interceptHosts());
        Path rules = settings.resolve(settings.rules());
        assertTrue(Files.isRegularFile(rules) && !rules.startsWith(dir), rules.toString());
        assertTrue(Knowledge.engine(settings, Clock.systemUTC()).ruleCount() > 0);
    }

    @Test
    void aFileInTheConfigDirectoryOverridesOnlyItsBuiltInCounterpart() throws Exception {
        Files.writeString(dir.resolve("graphlens.json"), "{\"otherHosts\": \"refuse\"}");
        Files.copy(Path.of("config/rules.json"), dir.resolve("rules.json"));
        Settings settings = Settings.load(dir.resolve("graphlens.json"));
        assertEquals("refuse", settings.otherHosts());
        assertEquals(dir.resolve("rules.json"), settings.resolve("rules.json"));
        assertFalse(settings.resolve("aadsts.json").startsWith(dir), "the AADSTS table is still the built-in one");
    }

    @Test
    void aDataFileThatExistsNowhereIsReportedWhereItWasLookedFor() throws Exception {
        Files.writeString(dir.resolve("graphlens.json"), "{\"rules\": \"my-rules.json\"}");
        Settings settings = Settings.load(dir.resolve("graphlens.json"));
        String m = assertThrows(ConfigException.class, () -> Knowledge.engine(settings, Clock.systemUTC())).getMessage();
        assertTrue(m.startsWith(dir.resolve("my-rules.json") + " does not exist"), m);
    }

    @Test
    void onlyPlainFileNamesHaveABuiltInCopy() {
        assertTrue(BuiltInConfig.file("rules.json").isPresent());
        assertTrue(BuiltInConfig.file("../config/defaults/rules.json").isEmpty());
        assertTrue(BuiltInConfig.file("no-such-file.json").isEmpty());
    }
}
