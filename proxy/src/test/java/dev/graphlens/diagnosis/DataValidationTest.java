package dev.graphlens.diagnosis;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.config.ConfigException;
import dev.graphlens.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's mistake in a data file is one clear message that names the entry. */
class DataValidationTest {
    @TempDir
    Path dir;

    String loadRules(String json) throws Exception {
        Path f = dir.resolve("rules.json");
        Files.writeString(f, json);
        return assertThrows(ConfigException.class, () -> RuleSet.load(f)).getMessage();
    }

    @Test
    void unknownFactIsNamedWithItsRule() throws Exception {
        String m = loadRules("{\"rules\":[{\"id\":\"mine\",\"code\":\"THROTTLED\",\"when\":{\"token.expird\":true},\"summary\":\"x\"}]}");
        assertTrue(m.contains("rules[0] (mine)") && m.contains("unknown fact \"token.expird\""), m);
    }

    @Test
    void unknownCodeIsNamed() throws Exception {
        String m = loadRules("{\"rules\":[{\"id\":\"r\",\"code\":\"TOKEN_STALE\",\"when\":{\"status\":401},\"summary\":\"x\"}]}");
        assertTrue(m.contains("\"TOKEN_STALE\" is not a diagnosis code"), m);
    }

    @Test
    void unknownPlaceholderInATemplateIsNamed() throws Exception {
        String m = loadRules("{\"rules\":[{\"id\":\"r\",\"code\":\"THROTTLED\",\"when\":{\"status\":429},\"summary\":\"{token.nope}\"}]}");
        assertTrue(m.contains("unknown fact \"token.nope\""), m);
    }

    @Test
    void badSettingIsNamedWithTheFile() throws Exception {
        Path f = dir.resolve("graphlens.json");
        Files.writeString(f, "{\"otherHosts\":\"maybe\"}");
        String m = assertThrows(ConfigException.class, () -> Settings.load(f)).getMessage();
        assertTrue(m.contains("graphlens.json") && m.contains("otherHosts must be"), m);
        Files.writeString(f, "{\"interceptHost\":[]}");
        m = assertThrows(ConfigException.class, () -> Settings.load(f)).getMessage();
        assertTrue(m.contains("unknown setting \"interceptHost\""), m);
    }

    @Test
    void aadstsEntryWithAForeignDiagnosisIsRefused() throws Exception {
        Path f = dir.resolve("aadsts.json");
        Files.writeString(f, "{\"codes\":[{\"code\":50076,\"diagnosis\":\"WRONG_AUDIENCE\",\"cause\":\"c\",\"fix\":\"f\"}]}");
        String m = assertThrows(ConfigException.class, () -> AadstsCatalog.load(f)).getMessage();
        assertTrue(m.contains("AADSTS50076") && m.contains("diagnosis must be one of"), m);
    }

    @Test
    void b2cEntryMustBeATokenEndpointErrorAndListedOnce() throws Exception {
        Path f = dir.resolve("aadsts.json");
        String aadsts = "{\"code\":50076,\"diagnosis\":\"CLAIMS_CHALLENGE\",\"cause\":\"c\",\"fix\":\"f\"}";
        Files.writeString(f, "{\"codes\":[" + aadsts + "],\"b2cCodes\":[{\"code\":90118,\"diagnosis\":\"CLAIMS_CHALLENGE\",\"cause\":\"c\",\"fix\":\"f\"}]}");
        String m = assertThrows(ConfigException.class, () -> AadstsCatalog.load(f)).getMessage();
        assertTrue(m.contains("b2cCodes[0] (AADB2C90118)") && m.contains("diagnosis must be one of [TOKEN_ENDPOINT_ERROR]"), m);
        String entry = "{\"code\":90118,\"diagnosis\":\"TOKEN_ENDPOINT_ERROR\",\"cause\":\"c\",\"fix\":\"f\"}";
        Files.writeString(f, "{\"codes\":[" + aadsts + "],\"b2cCodes\":[" + entry + "," + entry + "]}");
        m = assertThrows(ConfigException.class, () -> AadstsCatalog.load(f)).getMessage();
        assertTrue(m.contains("AADB2C90118 is listed twice"), m);
        Files.writeString(f, "{\"codes\":[" + aadsts + "],\"b2cCodes\":[" + entry + "]}");
        assertTrue(AadstsCatalog.load(f).findB2c(90118).isPresent());
        assertTrue(AadstsCatalog.load(f).find(90118).isEmpty(), "the two tables are apart");
    }

    @Test
    void shippedTablesLoadAndAreLargeEnough() throws Exception {
        AadstsCatalog aadsts = AadstsCatalog.load(Path.of("config/aadsts.json"));
        assertTrue(aadsts.size() >= 60, "AADSTS codes: " + aadsts.size());
        assertTrue(RuleSet.load(Path.of("config/rules.json")).size() >= 30);
    }
}
