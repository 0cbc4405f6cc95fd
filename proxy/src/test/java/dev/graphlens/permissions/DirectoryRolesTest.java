package dev.graphlens.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryRolesTest {
    private static final String REPORTS_READER = "4a5d8f65-41da-4de4-8968-e035b65339cf";
    private static final String DEFAULT_USER = "b79fbf4d-3ef9-4689-8143-76b194e85509";
    /** Requirements are checked against it: each endpoint they name must be one it lists. */
    private final PermissionCatalog catalog = CatalogLoader.load(Path.of("config/permissions.json"));

    @TempDir
    Path dir;

    DirectoryRolesTest() throws ConfigException {
    }

    @Test
    void theShippedRolesLoadAndNameWhatTokensCarry() throws Exception {
        DirectoryRoles roles = DirectoryRoles.load(Path.of("config/roles.json"), catalog);
        assertEquals("Reports Reader", roles.name(REPORTS_READER));
        assertEquals("Global Administrator", roles.name(DirectoryRoles.GLOBAL_ADMINISTRATOR.toUpperCase()));
        assertEquals("0000aaaa-0000-0000-0000-000000000000", roles.name("0000aaaa-0000-0000-0000-000000000000"), "an unknown id stays an id");
        DirectoryRoles.Requirement signIns = roles.requirement("GET", "/auditLogs/signIns").orElseThrow();
        assertEquals(REPORTS_READER, signIns.roleIds().get(0), "least privileged first");
        assertTrue(roles.requirement("GET", "/users/{id}/authentication/methods").orElseThrow().otherUserOnly());
        assertTrue(roles.requirement("GET", "/me/messages").isEmpty());
    }

    @Test
    void aRequirementIsMetByOneOfItsRolesOrByGlobalAdministrator() throws Exception {
        DirectoryRoles.Requirement r = DirectoryRoles.load(Path.of("config/roles.json"), catalog)
                .requirement("GET", "/auditLogs/signIns").orElseThrow();
        assertTrue(r.heldBy(List.of(DEFAULT_USER, REPORTS_READER)));
        assertTrue(r.heldBy(List.of(DirectoryRoles.GLOBAL_ADMINISTRATOR)));
        assertFalse(r.heldBy(List.of(DEFAULT_USER, "fe930be7-5e62-47db-91af-98c3a49a38b1")), "User Administrator reads no sign-in logs");
    }

    @Test
    void aRoleNameMissingFromTheTableIsRefusedWithWhereItIs() throws Exception {
        String m = load("{\"roles\":{\"" + REPORTS_READER + "\":\"Reports Reader\"},"
                + "\"requirements\":[{\"endpoints\":[\"GET /auditLogs/signIns\"],\"roles\":[\"Report Reader\"]}]}");
        assertTrue(m.contains("requirements[0]") && m.contains("\"Report Reader\" is not in roles"), m);
    }

    @Test
    void anEndpointTheCatalogDoesNotListIsRefused() throws Exception {
        String m = load("{\"roles\":{\"" + REPORTS_READER + "\":\"Reports Reader\"},"
                + "\"requirements\":[{\"endpoints\":[\"GET /auditLogs/signIn\"],\"roles\":[\"Reports Reader\"]}]}");
        assertTrue(m.contains("\"GET /auditLogs/signIn\" is not in the permission catalog"), m);
    }

    @Test
    void aPrefixCoversEveryCatalogEndpointUnderItAndAnEndpointNamedOnItsOwnWins() throws Exception {
        DirectoryRoles roles = DirectoryRoles.load(Path.of("config/roles.json"), catalog);
        List<String> intune = roles.names(roles.requirement("GET", "/deviceManagement/configurationPolicies/{id}/settings").orElseThrow());
        assertEquals(List.of("Intune Administrator", "Global Reader"), intune);
        assertEquals(List.of("Intune Administrator"), roles.names(roles.requirement("POST", "/deviceManagement/managedDevices/{id}/wipe").orElseThrow()));
        assertEquals("Windows 365 Administrator",
                roles.names(roles.requirement("GET", "/deviceManagement/virtualEndpoint/cloudPCs").orElseThrow()).get(0),
                "the Cloud PC requirement names its endpoints on their own, so the /deviceManagement/** one does not replace it");
        assertTrue(roles.requirement("GET", "/deviceManagement").isEmpty(), "the prefix itself is not under it");
    }

    @Test
    void aPrefixCoveringNoCatalogEndpointIsRefused() throws Exception {
        String m = load("{\"roles\":{\"" + REPORTS_READER + "\":\"Reports Reader\"},"
                + "\"requirements\":[{\"endpoints\":[\"GET /auditLog/**\"],\"roles\":[\"Reports Reader\"]}]}");
        assertTrue(m.contains("\"GET /auditLog/**\" covers no endpoint of the permission catalog"), m);
    }

    @Test
    void aRoleIdThatIsNotAGuidIsRefused() throws Exception {
        String m = load("{\"roles\":{\"reports-reader\":\"Reports Reader\"},\"requirements\":[]}");
        assertTrue(m.contains("\"reports-reader\" must be a role template id"), m);
    }

    private String load(String json) throws Exception {
        Path f = dir.resolve("roles.json");
        Files.writeString(f, json);
        return assertThrows(ConfigException.class, () -> DirectoryRoles.load(f, catalog)).getMessage();
    }
}
