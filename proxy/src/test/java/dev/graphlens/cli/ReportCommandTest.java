package dev.graphlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReportCommandTest {

    @Test
    void aLoggedUrlGivesItsPathAsSentEvenWithAMalformedEscape() {
        assertEquals("/v1.0/users/%zz/messages", ReportCommand.rawPath("https://graph.microsoft.com/v1.0/users/%zz/messages?$top=5"));
        assertEquals("/v1.0/me", ReportCommand.rawPath("https://graph.microsoft.com:8443/v1.0/me"));
        assertEquals("/", ReportCommand.rawPath("https://graph.microsoft.com"));
    }
}
