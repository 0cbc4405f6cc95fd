package dev.graphlens.diagnosis;

import static dev.graphlens.diagnosis.DiagnosisEngineTest.NOW;
import static dev.graphlens.diagnosis.DiagnosisEngineTest.graphError;
import static dev.graphlens.diagnosis.DiagnosisEngineTest.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.exchange.Confidence;
import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.exchange.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How sure each verdict says it is, and the runner-up it names, as the contract's headers carry them. */
class ConfidenceTest {

    @BeforeAll
    static void load() throws Exception {
        DiagnosisEngineTest.load();
    }

    @Test
    void anExpiredTokenIsCertainAndHasNoRunnerUp() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.delegated(NOW, "User.Read")
                        .expirationTime(java.util.Date.from(NOW.minusSeconds(7200)))), 401,
                graphError("InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."));
        assertEquals(DiagnosisCode.TOKEN_EXPIRED, v.code());
        assertEquals(Confidence.CERTAIN, v.confidence());
        assertTrue(v.alternatives().isEmpty(), v.alternatives().toString());
    }

    @Test
    void aMissingAuthorizationHeaderIsCertain() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", null, 401,
                graphError("InvalidAuthenticationToken", "Access token is empty."));
        assertEquals(DiagnosisCode.TOKEN_MISSING, v.code());
        assertEquals(Confidence.CERTAIN, v.confidence());
    }

    @Test
    void anAppOnlyRefusalDespiteAnAcceptedPermissionIsLikelyWithASecondPermissionAsRunnerUp() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/adele@contoso.com/messages",
                Tokens.bearer(Tokens.appOnly(NOW, "Mail.Read")), 403,
                graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again."));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code());
        assertEquals(Confidence.LIKELY, v.confidence());
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.alternatives().get(0).code());
        assertTrue(v.alternatives().get(0).headerValue().startsWith("MISSING_PERMISSION; it is a second permission if"),
                v.alternatives().get(0).headerValue());
    }

    @Test
    void aMissingPermissionJudgedByTheCatalogIsLikelyButOneGraphNamesIsCertain() {
        Verdict byCatalog = verdict("GET", "https://graph.microsoft.com/v1.0/me/messages", Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 403,
                graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, byCatalog.code());
        assertEquals(Confidence.LIKELY, byCatalog.confidence());
        Verdict named = verdict("GET", "https://graph.microsoft.com/v1.0/teams/t1/channels", Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 403,
                graphError("Forbidden", "Missing scope permissions on the request. API requires one of 'Channel.ReadBasic.All, ChannelSettings.Read.All'."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, named.code());
        assertEquals(Confidence.CERTAIN, named.confidence());
    }

    @Test
    void anAuthorizationFailureNoSpecificRuleExplainsIsOnlyPossible() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 401,
                graphError("UnknownError", ""));
        assertEquals(Confidence.POSSIBLE, v.confidence(), v.code() + " " + v.summary());
    }
}
