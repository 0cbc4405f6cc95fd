package dev.graphlens.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class PermissionCatalogTest {
    static PermissionCatalog catalog;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws ConfigException {
        catalog = CatalogLoader.load(Path.of("config/permissions.json"));
    }

    @Test
    void everyShippedEntryIsWellFormed() {
        Pattern name = Pattern.compile("[A-Za-z][A-Za-z0-9-]*(\\.[A-Za-z0-9-]+)+");
        Set<String> templates = new HashSet<>();
        for (EndpointPermissions e : catalog.endpoints()) {
            assertTrue(Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(e.method()), e.toString());
            assertTrue(e.template().startsWith("/") && !e.template().contains("?") && !e.template().contains("//"), e.template());
            assertFalse(e.bySchemes().isEmpty(), "no permission for " + e.method() + " " + e.template());
            e.bySchemes().values().forEach(list -> list.forEach(entry -> EndpointPermissions.parts(entry)
                    .forEach(p -> assertTrue(name.matcher(p).matches(), p + " in " + e.template()))));
            assertEquals(e.bySchemes().values().stream().mapToInt(l -> l.size()).sum(),
                    e.bySchemes().values().stream().mapToLong(l -> l.stream().distinct().count()).sum(), "duplicate permission in " + e.template());
            templates.add(PathTemplates.join(PathTemplates.segments(e.template())));
        }
        assertTrue(templates.size() >= 300, "distinct templates: " + templates.size());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvFileSource(resources = "/permissions/urls.csv", numLinesToSkip = 1, delimiter = '|')
    void realUrlsMatchTheirTemplateAndLeastPrivilegedPermission(String method, String url, String template, String scheme, String least) {
        var match = catalog.lookup(method.trim(), url.trim());
        assertTrue(match.isPresent(), "no template for " + url);
        EndpointPermissions e = match.get().endpoint();
        assertEquals(template.trim(), e.template(), url);
        assertEquals(least.trim(), e.least(Scheme.valueOf(scheme.trim())), url);
    }

    @Test
    void unknownEndpointsAreUnknownNotGuessed() {
        assertTrue(catalog.lookup("GET", "/v1.0/someNewWorkload/things").isEmpty());
        assertTrue(catalog.lookup("PATCH", "/v1.0/auditLogs/signIns").isEmpty());
    }

    @Test
    void anUnknownEndpointsNeighboursShareItsLeadingSegmentsAndKindOfMethod() {
        List<EndpointPermissions> reads = catalog.neighbours("GET", "/beta/deviceManagement/windowsUpdateProfiles");
        assertFalse(reads.isEmpty());
        assertTrue(reads.stream().allMatch(n -> n.method().equals("GET") && n.template().startsWith("/deviceManagement/")), reads.toString());
        List<EndpointPermissions> writes = catalog.neighbours("POST", "/v1.0/deviceManagement/windowsUpdateProfiles");
        assertTrue(writes.stream().noneMatch(n -> n.method().equals("GET")), writes.toString());
        List<EndpointPermissions> mine = catalog.neighbours("GET", "/v1.0/me/todo/lists/AAMk/extensions");
        assertTrue(!mine.isEmpty() && mine.stream().allMatch(n -> n.template().startsWith("/users/{id}/todo/lists")), mine.toString());
        // Under /users/{id} live a user's mail, files and chats alike: one shared segment says nothing.
        assertTrue(catalog.neighbours("GET", "/v1.0/users/adele@contoso.com/somethingNew").isEmpty());
    }

    @Test
    void repeatedLookupsGiveTheSameAnswerAsTheFirstEvenAfterManyDistinctPaths() {
        var first = catalog.lookup("GET", "/v1.0/me/messages?$top=5").orElseThrow().endpoint();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(catalog.lookup("GET", "/v1.0/someNewWorkload/things" + i).isEmpty());
        }
        assertEquals(first, catalog.lookup("GET", "/v1.0/me/messages?$select=subject").orElseThrow().endpoint());
        assertEquals(first, catalog.lookup("GET", "/v1.0/me/messages").orElseThrow().endpoint());
        assertEquals("POST", catalog.lookup("POST", "/v1.0/me/messages").orElseThrow().endpoint().method());
    }

    @Test
    void microsoftsPermissionsFileMergesOverTheDefaultAndChangesTheAnswer() throws Exception {
        Path ms = dir.resolve("permissions.json");
        Files.writeString(ms, """
                {"permissions": {
                  "Mail.ReadBasic": {"schemes": {"DelegatedWork": {"requiresAdminConsent": false, "privilegeLevel": 1}},
                    "pathSets": [{"schemeKeys": ["DelegatedWork"], "methods": ["GET"], "paths": {"/me/messages": ""}}]},
                  "Mail.ReadLite.Preview": {"schemes": {"DelegatedWork": {"requiresAdminConsent": false, "privilegeLevel": 1},
                                                       "Application": {"requiresAdminConsent": true, "privilegeLevel": 2},
                                                       "SomeFutureScheme": {}},
                    "pathSets": [{"schemeKeys": ["DelegatedWork", "Application", "SomeFutureScheme"], "methods": ["GET"],
                                  "paths": {"/me/messages": "least=DelegatedWork", "/newworkload/items": "least=Application"}}]}
                }}""");
        PermissionCatalog merged = catalog.mergedWith(CatalogLoader.load(ms));
        assertEquals("Mail.ReadBasic", catalog.lookup("GET", "/v1.0/me/messages").orElseThrow().endpoint().least(Scheme.DELEGATED_WORK));
        assertEquals("Mail.ReadLite.Preview", merged.lookup("GET", "/v1.0/me/messages").orElseThrow().endpoint().least(Scheme.DELEGATED_WORK));
        assertEquals("Mail.ReadLite.Preview", merged.lookup("GET", "/beta/newworkload/items").orElseThrow().endpoint().least(Scheme.APPLICATION));
        assertEquals("Group.Read.All", merged.lookup("GET", "/v1.0/groups/abc").orElseThrow().endpoint().accepted(Scheme.APPLICATION).get(1),
                "entries the file does not mention stay as they were");
    }

    /** The message a catalog holding this JSON is refused with. */
    private String refusal(String json) throws Exception {
        Path f = dir.resolve("refused.json");
        Files.writeString(f, json);
        return org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> CatalogLoader.load(f)).getMessage();
    }

    @Test
    void conflictingDuplicateEntriesAreRefused() throws Exception {
        String message = refusal("{\"endpoints\":[{\"methods\":\"GET\",\"paths\":[\"/me\"],\"delegated\":\"User.Read\"},"
                + "{\"methods\":\"GET\",\"paths\":[\"/me\"],\"delegated\":\"User.ReadWrite\"}]}");
        assertTrue(message.contains("endpoints[1]") && message.contains("listed twice"), message);
    }

    @Test
    void permissionsJoinedByPlusAreAcceptedOnlyWhenAllAreHeld() throws Exception {
        Path f = dir.resolve("together.json");
        Files.writeString(f, "{\"endpoints\":[{\"methods\":\"POST\",\"paths\":[\"/servicePrincipals/{id}/appRoleAssignedTo\"],"
                + "\"application\":\"AppRoleAssignment.ReadWrite.All+Application.Read.All Directory.ReadWrite.All\"}]}");
        EndpointPermissions e = CatalogLoader.load(f).lookup("POST", "/v1.0/servicePrincipals/abc/appRoleAssignedTo").orElseThrow().endpoint();
        assertFalse(e.accepts(Scheme.APPLICATION, Set.of("AppRoleAssignment.ReadWrite.All")), "half of the set");
        assertFalse(e.accepts(Scheme.APPLICATION, Set.of("Application.Read.All")), "the other half");
        assertTrue(e.accepts(Scheme.APPLICATION, Set.of("approleassignment.readwrite.all", "Application.Read.All", "User.Read.All")));
        assertTrue(e.accepts(Scheme.APPLICATION, Set.of("AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All")),
                "X.ReadWrite.Y meets the X.Read.Y part of a set");
        assertFalse(e.accepts(Scheme.APPLICATION, Set.of("Application.ReadWrite.All")), "but not the set alone");
        assertTrue(e.accepts(Scheme.APPLICATION, Set.of("Directory.ReadWrite.All")), "an entry of one permission on its own");
        assertEquals(List.of("Application.Read.All"), EndpointPermissions.missingFrom(e.least(Scheme.APPLICATION), Set.of("AppRoleAssignment.ReadWrite.All")));
        assertEquals("AppRoleAssignment.ReadWrite.All and Application.Read.All", EndpointPermissions.describe(e.least(Scheme.APPLICATION)));
    }

    @Test
    void aSetWithAnEmptyPartIsRefusedNamingTheEntry() throws Exception {
        String message = refusal("{\"endpoints\":[{\"methods\":\"GET\",\"paths\":[\"/me\"],\"delegated\":\"User.Read\"},"
                + "{\"methods\":\"POST\",\"paths\":[\"/groups/{id}/appRoleAssignments\"],\"application\":\"AppRoleAssignment.ReadWrite.All+\"}]}");
        assertTrue(message.contains("endpoints[1]") && message.contains("AppRoleAssignment.ReadWrite.All+") && message.contains("joined by +"), message);
    }

    @Test
    void microsoftsOwnAppsAreKnownByClientIdAndSurviveAMerge() throws Exception {
        assertEquals("Microsoft Graph PowerShell", catalog.firstPartyClient("14D82EEC-204B-4C2F-B7E8-296A70DAB67E").orElseThrow().name());
        assertTrue(catalog.firstPartyClient("1f9c0c6a-3b7e-4a4e-9f55-7d1d1c2f0a11").isEmpty());
        assertTrue(catalog.firstPartyClient(null).isEmpty());
        Path overlay = dir.resolve("overlay.json");
        Files.writeString(overlay, "{\"endpoints\":[{\"methods\":\"GET\",\"paths\":[\"/me\"],\"delegated\":\"User.Read\"}]}");
        assertTrue(catalog.mergedWith(CatalogLoader.load(overlay)).firstPartyClient("04b07795-8ddb-461a-bbee-02f9e1bf7b46").isPresent());
    }

    @Test
    void aFirstPartyClientWithoutAGuidIsRefused() throws Exception {
        String message = refusal("{\"firstPartyClients\":[{\"appId\":\"powershell\",\"name\":\"x\",\"morePermissions\":\"y\"}],"
                + "\"endpoints\":[{\"methods\":\"GET\",\"paths\":[\"/me\"],\"delegated\":\"User.Read\"}]}");
        assertTrue(message.contains("firstPartyClients[0]"), message);
    }

    @Test
    void everyShippedTemplateWrittenAsARealUrlFindsItsOwnPermissions() {
        List<String> wrong = new ArrayList<>();
        for (EndpointPermissions e : catalog.endpoints()) {
            String url = "https://graph.microsoft.com/v1.0" + e.template()
                    .replace("{id}", "3f2b8c1d-7a6e-4d5f-9b0c-1e2d3f4a5b6c").replace("{path}", "/Reports/q3.xlsx");
            var found = catalog.lookup(e.method(), url);
            if (found.isEmpty() || !found.get().endpoint().bySchemes().equals(e.bySchemes())) {
                wrong.add(e.method() + " " + e.template() + " -> " + found.map(m -> m.endpoint().template()).orElse("nothing"));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
