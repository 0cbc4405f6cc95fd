package dev.graphlens.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointPermissionsTest {
    private static final String SET = "AppRoleAssignment.ReadWrite.All+Application.Read.All";

    @Test
    void aGrantedPermissionMeetsAPartIgnoringCaseButNotAPrefixOrLongerName() {
        assertTrue(EndpointPermissions.meetsPart("User.Read.All", "user.read.all"));
        assertTrue(EndpointPermissions.meetsPart(SET, "application.read.all"), "the second part of a set");
        assertTrue(EndpointPermissions.meetsPart(SET, "AppRoleAssignment.ReadWrite.All"), "the first part of a set");
        assertFalse(EndpointPermissions.meetsPart("User.Read.All", "User.Read"), "a prefix");
        assertFalse(EndpointPermissions.meetsPart("User.Read", "User.Read.All"), "a longer name");
        assertFalse(EndpointPermissions.meetsPart(SET, "AppRoleAssignment.ReadWrite.All+Application.Read.All"), "the whole entry is no part");
    }

    @Test
    void readWriteMeetsTheReadPartOfASetOnly() {
        assertTrue(EndpointPermissions.meetsPart(SET, "Application.ReadWrite.All"), "X.ReadWrite.Y for X.Read.Y in a set");
        assertTrue(EndpointPermissions.meetsPart("Mail.Send+Mail.Read", "mail.readwrite"), "X.ReadWrite for a trailing X.Read in a set");
        assertFalse(EndpointPermissions.meetsPart("Application.Read.All", "Application.ReadWrite.All"), "an entry of one is named exactly");
        assertFalse(EndpointPermissions.meetsPart(SET, "Application.ReadWriteX.All"), "not any longer name");
        assertFalse(EndpointPermissions.meetsPart(SET, "Other.ReadWrite.All"), "the name before .Read must match");
    }

    @Test
    void heldByNeedsEveryPartAndMissingFromNamesTheRest() {
        assertTrue(EndpointPermissions.heldBy(SET, List.of("application.readwrite.all", "AppRoleAssignment.ReadWrite.All")));
        assertFalse(EndpointPermissions.heldBy(SET, List.of("AppRoleAssignment.ReadWrite.All")));
        assertTrue(EndpointPermissions.heldBy("User.Read", Set.of("USER.READ")));
        assertEquals(List.of("AppRoleAssignment.ReadWrite.All", "Application.Read.All"), EndpointPermissions.missingFrom(SET, Set.of()));
        assertEquals(List.of(), EndpointPermissions.missingFrom("User.Read", Set.of("user.read")));
    }
}
