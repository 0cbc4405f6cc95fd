package dev.graphlens.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NestedMessageTest {
    @Test
    void aPlainMessageComesBackAsItIs() {
        assertEquals("Access is denied. Check credentials and try again.",
                NestedMessage.readable("Access is denied. Check credentials and try again."));
    }

    @Test
    void aWorkloadsErrorJsonReadsAsCodeMessageAndDetails() {
        String analytics = "{\"Code\":\"Forbidden\",\"Message\":\"Access to the requested resource is forbidden.\",\"Target\":\"ReadUserAnalyticsV2\","
                + "\"Details\":[{\"Code\":\"PolicyNotSatisfied\",\"Message\":\"The following authorization requirements are not satisfied: UserRequireAdvancedMyALicense.\"}]}";
        assertEquals("Forbidden: Access to the requested resource is forbidden (PolicyNotSatisfied: The following authorization "
                + "requirements are not satisfied: UserRequireAdvancedMyALicense)", NestedMessage.readable(analytics));
    }

    @Test
    void jsonInJsonIsReadToTheInnermostMessageWithoutSupportIds() {
        String inner = "{\\r\\n  \\\"_version\\\": 3,\\r\\n  \\\"Message\\\": \\\"An error has occurred - Operation ID (for customer support): "
                + "00000000-0000-0000-0000-000000000000 - Activity ID: 443a4b07-651e-3f3d-ee77-095443bba20f - Url: https://fef.msua05.manage.microsoft.com/x?api-version=2018-05-24\\\"\\r\\n}";
        String intune = "{\"ErrorCode\":\"Forbidden\",\"Message\":\"" + inner + "\",\"Target\":null,\"Details\":null}";
        assertEquals("Forbidden: An error has occurred", NestedMessage.readable(intune));
    }

    @Test
    void jsonThatIsNotAnErrorOrNotJsonAtAllComesBackAsItIs() {
        assertEquals("{\"value\":[]}", NestedMessage.readable("{\"value\":[]}"));
        assertEquals("{not json}", NestedMessage.readable("{not json}"));
    }

    @Test
    void nestingIsReadOnlyAFewLevelsDeep() {
        String message = "deepest";
        for (int i = 0; i < 8; i++) {
            message = "{\"Message\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(message) + "}";
        }
        String read = NestedMessage.readable(message);
        assertEquals(true, read.startsWith("{") && read.length() < message.length(), read);
    }
}
