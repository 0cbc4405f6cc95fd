package dev.graphlens.diagnosis;

import dev.graphlens.permissions.DirectoryRoles;
import dev.graphlens.token.TokenFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Facts about directory roles: those the signed-in user holds (wids), and those roles.json says the endpoint wants. */
final class RoleFactGroup {
    private static final String DEFAULT_USER_ROLE = "b79fbf4d-3ef9-4689-8143-76b194e85509";

    static void declare(FactSheet.Declarations<RoleFactGroup> d) {
        d.jwtFact("token.adminRoles", "the directory roles in wids beyond the default user role, by name (id where roles.json does not know it)", (g, t) -> {
            List<String> names = new ArrayList<>();
            t.wids().stream().filter(w -> !w.equalsIgnoreCase(DEFAULT_USER_ROLE)).forEach(w -> names.add(g.sheet.roles.name(w)));
            return names.isEmpty() ? "none" : String.join(", ", names);
        });
        d.fact("endpoint.userRoles", "for a delegated call, the Entra roles one of which Graph wants the signed-in user to hold for this endpoint (roles.json), least privileged first",
                g -> g.requirement().map(r -> orNames(g.sheet.roles.names(r))).orElse(null));
        d.fact("endpoint.userRolesUnless", "when the endpoint needs none of those roles after all (roles.json's unless), in words",
                g -> g.requirement().map(DirectoryRoles.Requirement::unless).orElse(null));
        d.fact("token.holdsUserRole", "true when the token's wids holds one of endpoint.userRoles (or Global Administrator); null without a requirement or without wids",
                g -> g.requirement().filter(r -> !g.sheet.token.wids().isEmpty()).map(r -> r.heldBy(g.sheet.token.wids())).orElse(null));
    }

    private final FactSheet sheet;

    RoleFactGroup(FactSheet sheet) {
        this.sheet = sheet;
    }

    /** The role requirement of the endpoint, for a delegated token, where it applies to this request. */
    private Optional<DirectoryRoles.Requirement> requirement() {
        if (sheet.token.kind() != TokenFacts.Kind.DELEGATED) {
            return Optional.empty();
        }
        return sheet.endpointGroup().entry().flatMap(e -> sheet.roles.requirement(e.method(), e.template()))
                .filter(r -> !r.otherUserOnly() || Boolean.TRUE.equals(sheet.get("request.otherUser")));
    }

    /** "A", "A or B", "A, B or C". */
    private static String orNames(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
