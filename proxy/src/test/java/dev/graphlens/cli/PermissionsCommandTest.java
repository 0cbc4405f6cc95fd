package dev.graphlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.support.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PermissionsCommandTest {

    @Test
    void listsWhatAnEndpointAcceptsPerPermissionTypeLeastPrivilegedFirst() {
        String out = CliRun.stdout("permissions", "GET", "https://graph.microsoft.com/v1.0/me/messages?$top=5");
        assertTrue(out.startsWith("GET /me/messages"), out);
        assertTrue(out.contains("delegated:                   Mail.ReadBasic (least privileged), or Mail.Read, Mail.ReadWrite; users can consent"), out);
        assertTrue(out.contains("application:                 Mail.ReadBasic.All (least privileged)"), out);
        assertTrue(out.contains("admin consent always"), out);
    }

    @Test
    void namesTheRolesTheSignedInUserAlsoNeedsWhereGraphChecksThem() {
        String out = CliRun.stdout("permissions", "GET", "/v1.0/auditLogs/signIns");
        assertTrue(out.contains("signed-in user's role:       one of Reports Reader, Security Reader"), out);
        assertFalse(CliRun.stdout("permissions", "GET", "/v1.0/me/messages").contains("signed-in user's role"));
    }

    @Test
    void saysWhenAnEndpointHasNoApplicationPermissionAndWhenConsentNeedsAnAdmin() {
        String out = CliRun.stdout("permissions", "get", "/v1.0/identityGovernance/termsOfUse/agreements", "--json");
        assertTrue(out.contains("\"endpoint\" : \"GET /identityGovernance/termsOfUse/agreements\""), out);
        assertTrue(out.contains("\"Application\" : [ ]"), out);
        assertTrue(out.contains("\"adminConsentDelegated\" : [ \"Agreement.Read.All\", \"Agreement.ReadWrite.All\" ]"), out);
    }

    @Test
    void anEndpointOutsideTheCatalogIsSaidToBeUnknownWithExitCode1() {
        assertEquals(1, Main.commandLine().execute("permissions", "GET", "/v1.0/someNewWorkload/things"));
    }

    @Test
    void anEndpointOutsideTheCatalogIsShownItsNearestNeighboursInIt() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(1, Main.commandLine().execute("permissions", "GET", "/beta/deviceManagement/windowsUpdateProfiles"));
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("is not in the permission catalog") && text.contains("nearest neighbours"), text);
        assertTrue(text.contains("  GET /deviceManagement/deviceConfigurations: delegated DeviceManagementConfiguration.Read.All"), text);
    }

    @Test
    void aSettingsFileNamingAMissingCatalogIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Path settings = dir.resolve("graphlens.json");
        Files.writeString(settings, "{\"permissions\": [\"nowhere.json\"]}");
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("permissions", "GET", "/v1.0/me", "--config", settings.toString()));
        assertTrue(err.toString().startsWith("graphlens: ") && err.toString().contains("nowhere.json does not exist"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }
}
