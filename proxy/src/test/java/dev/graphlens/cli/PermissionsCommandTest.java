package dev.graphlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.support.CliRun;
import org.junit.jupiter.api.Test;
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
    void saysWhenAnEndpointHasNoApplicationPermissionAndWhenConsentNeedsAnAdmin() {
        String out = CliRun.stdout("permissions", "get", "/v1.0/identityGovernance/termsOfUse/agreements", "--json");
        assertTrue(out.contains("\"endpoint\" : \"GET /identityGovernance/termsOfUse/agreements\""), out);
        assertTrue(out.contains("\"Application\" : [ ]"), out);
        assertTrue(out.contains("\"adminConsentDelegated\" : [ \"Agreement.Read.All\", \"Agreement.ReadWrite.All\" ]"), out);
    }

    @Test
    void anEndpointOutsideTheCatalogIsSaidToBeUnknownWithExitCode1() {
        assertEquals(1, new CommandLine(new Main()).execute("permissions", "GET", "/v1.0/someNewWorkload/things"));
    }
}
