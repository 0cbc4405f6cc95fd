package dev.graphlens.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathTemplatesTest {

    @Test
    void addressedUserIsReadFromEitherKeySyntaxAndDecoded() {
        assertEquals("adele@contoso.com", PathTemplates.addressedUser("/v1.0/users/adele%40contoso.com/messages?$top=1"));
        assertEquals("adele@contoso.com", PathTemplates.addressedUser("/beta/users('adele@contoso.com')/drive"));
        assertEquals("48d31887-5fad-4d73-a9f5-3c356e68a038",
                PathTemplates.addressedUser("https://graph.microsoft.com/v1.0/users/48d31887-5fad-4d73-a9f5-3c356e68a038"));
    }

    @Test
    void aMalformedEscapeLeavesTheKeyAsItCame() {
        assertEquals("bad%zz@contoso.com", PathTemplates.addressedUser("/v1.0/users/bad%zz@contoso.com/messages"));
    }

    @Test
    void pathsThatAddressNoSingleUserHaveNone() {
        assertNull(PathTemplates.addressedUser("/v1.0/users"));
        assertNull(PathTemplates.addressedUser("/v1.0/users?$filter=x"));
        assertNull(PathTemplates.addressedUser("/v1.0/users/delta"));
        assertNull(PathTemplates.addressedUser("/v1.0/users/$count"));
        assertNull(PathTemplates.addressedUser("/v1.0/me/messages"));
        assertNull(PathTemplates.addressedUser("/v1.0/groups/g1/members"));
    }

    @Test
    void graphsNamespaceAliasReadsAsTheFullNamespace() {
        assertEquals(PathTemplates.segments("/beta/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal"),
                PathTemplates.segments("/beta/servicePrincipals/graph.agentIdentityBlueprintPrincipal"));
        assertEquals(PathTemplates.segments("/v1.0/users"), PathTemplates.segments("/v1.0/users/graph.user"));
        assertEquals(List.of("users", "graph.admin@contoso.com"), PathTemplates.segments("/v1.0/users/graph.admin@contoso.com"),
                "a user principal name is a key, not a cast");
    }
}
