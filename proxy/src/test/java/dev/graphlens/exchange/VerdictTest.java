package dev.graphlens.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void headerValueIsPrintableAsciiWithOneSpaceBetweenWords() {
        Verdict v = Verdict.of(DiagnosisCode.MISSING_PERMISSION, "  Caf\u00e9\tneeds \u2192\n\n Mail.Read\u0001  now. ",
                "Grant\r\n  it.", null);
        assertEquals("MISSING_PERMISSION; Caf? needs ? Mail.Read now. Fix: Grant it.", v.headerValue());
    }

    @Test
    void textThatIsAlreadyPlainAsciiIsKeptAsItIsAndAnyOtherIsCleaned() {
        String plain = "GET /me/messages needs Mail.Read; the token's scp has: User.Read.";
        assertTrue(plain == Verdict.toAscii(plain), "no copy of plain text");
        assertEquals("a b", Verdict.toAscii(" a b"));
        assertEquals("a b", Verdict.toAscii("a b "));
        assertEquals("a b", Verdict.toAscii("a  b"));
        assertEquals("a b", Verdict.toAscii("a	b"));
        assertEquals("ab", Verdict.toAscii("ab"));
        assertEquals("a?b", Verdict.toAscii("aéb"));
        assertEquals("", Verdict.toAscii(""));
    }

    @Test
    void aLongCauseIsCutSoThatTheFixStillFits() {
        String value = Verdict.of(DiagnosisCode.MISSING_PERMISSION, "cause ".repeat(100), "add Mail.Read and consent", null).headerValue();
        String text = value.substring("MISSING_PERMISSION; ".length());
        assertTrue(text.length() <= Verdict.MAX_HEADER_TEXT && text.length() > Verdict.MAX_HEADER_TEXT - 10, "length " + text.length());
        assertTrue(text.endsWith("cause... Fix: add Mail.Read and consent"), "cut after a whole word: " + text);
    }

    @Test
    void aLongCauseAndALongFixEachKeepTheirStart() {
        String value = Verdict.of(DiagnosisCode.MISSING_PERMISSION, "cause ".repeat(100), "remedy ".repeat(100), null).headerValue();
        String text = value.substring("MISSING_PERMISSION; ".length());
        assertTrue(text.length() <= Verdict.MAX_HEADER_TEXT && text.length() > Verdict.MAX_HEADER_TEXT - 20, "length " + text.length());
        assertTrue(text.startsWith("cause cause") && text.contains("cause... Fix: remedy remedy") && text.endsWith("remedy..."), text);
    }

    @Test
    void aTooLongHeaderGivesUpGraphsOwnWordsBeforeCuttingTheFix() {
        String cause = "The token has Mail.Read, which GET /users/{id}/messages accepts, yet Exchange refused this mailbox.";
        String value = Verdict.of(DiagnosisCode.USER_NOT_PRIVILEGED, cause + " Graph said: ErrorAccessDenied: " + "Access is denied. ".repeat(12),
                "Add the mailbox to the application access policy's group " + "and wait ".repeat(20) + "for it.", null).headerValue();
        assertTrue(value.startsWith("USER_NOT_PRIVILEGED; " + cause + " Fix: Add the mailbox"), value);
        assertTrue(value.endsWith("for it."), "the fix kept whole: " + value);
    }

    @Test
    void headerTextIsCutAtTheLimitWithAnEllipsis() {
        String value = Verdict.of(DiagnosisCode.TOKEN_EXPIRED, "x".repeat(1000), null, null).headerValue();
        // one long word: cut at the limit
        String text = value.substring("TOKEN_EXPIRED; ".length());
        assertEquals(Verdict.MAX_HEADER_TEXT, text.length());
        assertTrue(text.endsWith("..."));
    }

    @Test
    void aHeaderValueReadsBackAsTheVerdictItCarried() {
        Verdict v = Verdict.of(DiagnosisCode.MISSING_PERMISSION, "GET /me/messages needs Mail.ReadBasic.", "Add Mail.ReadBasic.", "https://d");
        Verdict back = Verdict.fromHeader(v.headerValue(), "https://d", "certain").orElseThrow();
        assertEquals(v.code(), back.code());
        assertEquals(v.summary(), back.summary());
        assertEquals(v.fix(), back.fix());
        assertEquals(v.docs(), back.docs());
        assertTrue(Verdict.fromHeader("SOMETHING_ELSE; text", null, null).isEmpty());
        assertTrue(Verdict.fromHeader("no code here", null, null).isEmpty());
    }
}
