package dev.graphlens.diagnosis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.config.Settings;
import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.permissions.EndpointPermissions;
import dev.graphlens.permissions.PermissionCatalog;
import dev.graphlens.permissions.Scheme;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the shipped catalog, refused with Graph's generic "Insufficient privileges":
 * the rules and the catalog must agree on what that means for each token. Catches a catalog row
 * or a rule that shadows the catalog for a whole family of endpoints.
 */
class CatalogVerdictsTest {
    private static final String SELF = "6e0f9c4d-5a1b-4c7e-8d3f-2b9a1e0c7d55";
    /** No catalog row accepts it, so it is "some other permission" everywhere. */
    private static final String UNRELATED = "Bookings.Read.All";
    private static final String REFUSED = DiagnosisEngineTest.graphError("Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.");

    private static PermissionCatalog catalog;

    @BeforeAll
    static void load() throws Exception {
        DiagnosisEngineTest.load();
        catalog = Knowledge.permissions(Settings.load(Path.of("config/graphlens.json")));
    }

    @Test
    void aTokenWithAnotherPermissionIsMissingOneOrHasTheWrongTokenType() {
        List<String> wrong = new ArrayList<>();
        for (EndpointPermissions e : endpoints()) {
            boolean delegated = e.supports(Scheme.DELEGATED_WORK);
            check(wrong, e, Tokens.bearer(DiagnosisEngineTest.adele(UNRELATED)),
                    delegated ? DiagnosisCode.MISSING_PERMISSION : DiagnosisCode.APP_ONLY_PERMISSION_MISMATCH);
            if (!e.template().startsWith("/me")) {
                check(wrong, e, Tokens.bearer(Tokens.appOnly(DiagnosisEngineTest.NOW, UNRELATED)),
                        e.supports(Scheme.APPLICATION) && !onlyImports(e) ? DiagnosisCode.MISSING_PERMISSION : DiagnosisCode.DELEGATED_ONLY_API);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " endpoints:\n" + String.join("\n", wrong));
    }

    @Test
    void theSignedInUserHoldingTheLeastPermissionIsRefusedForLackingTheRight() {
        List<String> wrong = new ArrayList<>();
        for (EndpointPermissions e : endpoints()) {
            if (e.supports(Scheme.DELEGATED_WORK)) {
                String least = String.join(" ", EndpointPermissions.parts(e.least(Scheme.DELEGATED_WORK)));
                check(wrong, e, Tokens.bearer(DiagnosisEngineTest.adele(least)),
                        managesOnlyItself(e, least) || ownFilesOnADriveById(e, least) ? DiagnosisCode.MISSING_PERMISSION
                                : DiagnosisCode.USER_NOT_PRIVILEGED);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " endpoints:\n" + String.join("\n", wrong));
    }

    /**
     * A Teams app installation permission marked Self lets the app install, upgrade or remove only
     * itself, so a refused install with nothing else is read as another app being managed.
     */
    private static boolean managesOnlyItself(EndpointPermissions e, String least) {
        return !e.method().equals("GET") && e.template().endsWith("/installedApps") && least.matches("TeamsAppInstallation\\.\\w*Self\\w*");
    }

    /**
     * The least permission of a drive addressed by id covers the signed-in user's own files only: a
     * refusal there is read as a drive of someone else's (a group's, a site's), which takes a .All one.
     */
    private static boolean ownFilesOnADriveById(EndpointPermissions e, String least) {
        return e.template().startsWith("/drives/{id}") && least.matches("Files\\.\\w+") && !least.endsWith(".All");
    }

    /** Posting messages takes an application permission only to import them: otherwise it needs a signed-in user. */
    private static boolean onlyImports(EndpointPermissions e) {
        return "Teamwork.Migrate.All".equals(e.least(Scheme.APPLICATION));
    }

    private static List<EndpointPermissions> endpoints() {
        List<EndpointPermissions> out = new ArrayList<>();
        for (EndpointPermissions e : catalog.endpoints()) {
            if (!e.accepted(Scheme.DELEGATED_WORK).contains(UNRELATED) && !e.accepted(Scheme.APPLICATION).contains(UNRELATED)) {
                out.add(e);
            }
        }
        assertTrue(out.size() > 900, "the shipped catalog: " + out.size());
        return out;
    }

    /** The endpoint called for the signed-in user herself: her own id wherever the template takes one. */
    private static void check(List<String> wrong, EndpointPermissions e, String authorization, DiagnosisCode expected) {
        String url = "https://graph.microsoft.com/v1.0" + e.template().replace("{id}", SELF).replace("{path}", "/Reports/q3.xlsx");
        var verdict = DiagnosisEngineTest.verdict(e.method(), url, authorization, 403, REFUSED);
        if (verdict.code() != expected) {
            wrong.add(e.method() + " " + e.template() + ": " + verdict.code() + " by rule " + verdict.details().get("rule") + ", not " + expected);
        }
    }
}
