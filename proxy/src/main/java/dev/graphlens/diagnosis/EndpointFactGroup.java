package dev.graphlens.diagnosis;

import dev.graphlens.permissions.EndpointPermissions;
import dev.graphlens.permissions.PathTemplates;
import dev.graphlens.permissions.PermissionCatalog;
import dev.graphlens.permissions.Scheme;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/** Facts about the called endpoint from the permission catalog: what it accepts, and what of that the token holds. */
final class EndpointFactGroup {
    static void declare(FactSheet.Declarations<EndpointFactGroup> d) {
        d.fact("request.endpoint", "method and path: the catalog template when known (GET /users/{id}/messages), else the path",
                g -> g.sheet.requestGroup().watchedResource() != null ? g.sheet.request.method() + " " + g.sheet.path()
                        : g.entry().map(e -> e.method() + " " + e.template()).orElse(g.sheet.request.method() + " " + g.sheet.path()));
        d.fact("endpoint.known", "true when the permission catalog knows the endpoint", g -> g.entry().isPresent());
        endpointFact(d, "endpoint.template", "method and catalog template matched, e.g. POST /groups/{id}/members/$ref (for a subscription, that of the resource it watches)",
                (g, e) -> e.method() + " " + e.template() + (g.sheet.requestGroup().watchedResource() != null ? " (the subscription's resource)" : ""));
        endpointFact(d, "endpoint.scheme", "delegated, delegated, personal account, or application: the token's scheme",
                (g, e) -> g.scheme().label);
        endpointFact(d, "endpoint.accepted", "permissions of the token's scheme the endpoint accepts, least privileged first (\"A and B\" where both are needed)",
                (g, e) -> orList(e.accepted(g.scheme())));
        endpointFact(d, "endpoint.least", "least-privileged permission of the token's scheme (\"A and B\" where both are needed)",
                (g, e) -> described(e.least(g.scheme())));
        endpointFact(d, "endpoint.supportsTokenKind", "true when the endpoint has permissions of the token's scheme",
                (g, e) -> e.supports(g.scheme()));
        endpointFact(d, "endpoint.delegatedOnly", "true when the endpoint has no application permission",
                (g, e) -> !e.supports(Scheme.APPLICATION) && e.supports(Scheme.DELEGATED_WORK));
        endpointFact(d, "endpoint.applicationOnly", "true when the endpoint has no delegated permission",
                (g, e) -> e.supports(Scheme.APPLICATION) && !e.supports(Scheme.DELEGATED_WORK));
        endpointFact(d, "endpoint.personalSupported", "true when personal accounts may call the endpoint",
                (g, e) -> e.supports(Scheme.DELEGATED_PERSONAL));
        endpointFact(d, "endpoint.tokenHasAccepted", "true when the token holds a permission the endpoint accepts (all of a set, where it takes several together)",
                (g, e) -> !g.granted(e).isEmpty());
        endpointFact(d, "endpoint.granted", "the token's permissions that the endpoint accepts", (g, e) -> String.join(" ", g.granted(e)));
        endpointFact(d, "endpoint.heldAsOtherKind", "the token's permissions that the endpoint accepts only as the other kind: delegated for an app-only token, application for a delegated one; null when none",
                (g, e) -> g.heldAsOtherKind(e));
        endpointFact(d, "endpoint.heldPart", "where the endpoint accepts permissions only together (A and B) and the token has some of them but no accepted set: the ones it has",
                (g, e) -> g.partlyHeld(e).map(entry -> String.join(" and ", entry.held())).orElse(null));
        endpointFact(d, "endpoint.missingPart", "the permissions the token lacks to complete that set",
                (g, e) -> g.partlyHeld(e).map(entry -> String.join(" and ", entry.missing())).orElse(null));
        endpointFact(d, "endpoint.tokenReachesOthers", "true when a permission the endpoint accepts from the token reaches other users' data (.All or .Shared), not only the signed-in user's",
                (g, e) -> {
                    for (String p : g.granted(e)) {
                        if (reachesOthers(p)) {
                            return true;
                        }
                    }
                    return false;
                });
        endpointFact(d, "endpoint.acceptedForOthers", "permissions of the token's scheme the endpoint accepts that reach other users' data, least privileged first",
                (g, e) -> {
                    List<String> others = e.accepted(g.scheme()).stream().filter(EndpointFactGroup::reachesOthers).toList();
                    return others.isEmpty() ? null : orList(others);
                });
        d.fact("endpoint.neighbours", "for an endpoint the catalog does not know: its nearest catalog neighbours (same kind of method, most leading segments shared), up to three",
                g -> g.neighbours().isEmpty() ? null : firstOf(g.neighbours().stream().map(n -> n.method() + " " + n.template()).toList(), 3));
        d.fact("endpoint.neighboursAccept", "permissions of the token's scheme those neighbours accept, least privileged first, up to six named",
                g -> g.neighboursAccept().isEmpty() ? null : firstOf(g.neighboursAccept().stream().map(EndpointPermissions::describe).toList(), 6));
        d.jwtFact("token.holdsNeighbourPermission", "true when the token holds a permission the endpoint's neighbours accept; null without neighbours",
                (g, t) -> g.neighboursAccept().isEmpty() ? null
                        : g.neighboursAccept().stream().anyMatch(entry -> t.permissions().stream().anyMatch(p -> EndpointPermissions.meetsPart(entry, p))));
        endpointFact(d, "endpoint.delegatedLeast", "least-privileged delegated permission", (g, e) -> described(e.least(Scheme.DELEGATED_WORK)));
        endpointFact(d, "endpoint.applicationLeast", "least-privileged application permission", (g, e) -> described(e.least(Scheme.APPLICATION)));
        endpointFact(d, "endpoint.adminConsent", "true when the least-privileged permission needs admin consent", (g, e) -> g.adminConsent(e));
        endpointFact(d, "endpoint.consent", "who grants the least-privileged permission, as advice: an admin, or the user themselves",
                (g, e) -> e.least(g.scheme()) == null ? null
                        : g.scheme() == Scheme.APPLICATION ? "have an admin grant admin consent"
                        : g.adminConsent(e) ? "have an admin grant consent (this permission needs an admin's)"
                        : "consent to it (the user can; no admin needed)");
    }

    /** A fact about the called endpoint: null unless the catalog knows it. */
    private static void endpointFact(FactSheet.Declarations<EndpointFactGroup> d, String name, String meaning,
                                     BiFunction<EndpointFactGroup, EndpointPermissions, Object> derive) {
        d.fact(name, meaning, g -> {
            EndpointPermissions e = g.entry().orElse(null);
            return e == null ? null : derive.apply(g, e);
        });
    }

    private record PartlyHeld(List<String> held, List<String> missing) {
    }

    private final FactSheet sheet;
    private Optional<EndpointPermissions> entry;
    private List<EndpointPermissions> neighbours;
    private List<String> neighboursAccept;
    // Each read by several facts: worked out once per exchange.
    private Set<String> granted;
    private Optional<PartlyHeld> partlyHeld;

    EndpointFactGroup(FactSheet sheet) {
        this.sheet = sheet;
    }

    /**
     * The catalog's entry for the called Graph endpoint; none for token requests and non-Graph hosts.
     * A subscription needs what reading its resource needs, so it is judged by that resource's GET.
     */
    Optional<EndpointPermissions> entry() {
        if (entry == null) {
            RequestFactGroup request = sheet.requestGroup();
            String watched = request.watchedResource();
            String path = sheet.path();
            entry = request.tokenEndpoint() || request.hostCloud() == null ? Optional.empty()
                    : watched != null ? sheet.catalog.lookup("GET", PathTemplates.version(path) + "/" + watched).map(PermissionCatalog.Match::endpoint)
                    : sheet.catalog.lookup(sheet.request.method(), path).map(PermissionCatalog.Match::endpoint);
        }
        return entry;
    }

    /** Without the catalog, Graph's naming tells: ReadBasic before Read before anything that writes. */
    static int privilegeByName(String permission) {
        String p = permission.toLowerCase(Locale.ROOT);
        return p.contains(".readbasic") ? 0 : p.contains(".read") && !p.contains("readwrite") ? 1 : 2;
    }

    private Scheme scheme() {
        return sheet.tokenGroup().scheme();
    }

    private boolean adminConsent(EndpointPermissions e) {
        String least = e.least(scheme());
        return least != null && (scheme() == Scheme.APPLICATION || e.needsAdminConsent(least));
    }

    private List<EndpointPermissions> neighbours() {
        if (neighbours == null) {
            RequestFactGroup request = sheet.requestGroup();
            neighbours = entry().isPresent() || request.tokenEndpoint() || request.hostCloud() == null ? List.of()
                    : sheet.catalog.neighbours(sheet.request.method(), sheet.path());
        }
        return neighbours;
    }

    /** The permissions of the token's scheme that the neighbours accept, without repeats, least privileged first. */
    private List<String> neighboursAccept() {
        if (neighboursAccept == null) {
            Set<String> accepted = new LinkedHashSet<>();
            neighbours().forEach(n -> accepted.addAll(n.accepted(scheme())));
            neighboursAccept = accepted.stream().sorted(Comparator.comparingInt(EndpointFactGroup::privilegeByName)).toList();
        }
        return neighboursAccept;
    }

    // Loops, not streams, from here on: these run for every diagnosed exchange on a known endpoint.

    /** The token's permissions that belong to an accepted entry the token holds in full. */
    private Set<String> granted(EndpointPermissions e) {
        if (granted == null) {
            List<String> held = new ArrayList<>(2);
            for (String entry : e.accepted(scheme())) {
                if (EndpointPermissions.heldBy(entry, sheet.token.permissions())) {
                    held.add(entry);
                }
            }
            // In the token's order: the fact's text lists them as the token does.
            granted = new LinkedHashSet<>();
            for (String p : sheet.token.permissions()) {
                for (String entry : held) {
                    if (EndpointPermissions.meetsPart(entry, p)) {
                        granted.add(p);
                        break;
                    }
                }
            }
        }
        return granted;
    }

    private String heldAsOtherKind(EndpointPermissions e) {
        Scheme own = scheme();
        Scheme other = own == Scheme.APPLICATION ? Scheme.DELEGATED_WORK : Scheme.APPLICATION;
        StringBuilder held = null;
        for (String p : sheet.token.permissions()) {
            if (accepts(e, other, p) && !accepts(e, own, p)) {
                held = held == null ? new StringBuilder(p) : held.append(' ').append(p);
            }
        }
        return held == null ? null : held.toString();
    }

    private static boolean accepts(EndpointPermissions e, Scheme scheme, String permission) {
        for (String entry : e.accepted(scheme)) {
            if (EndpointPermissions.meetsPart(entry, permission)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Unless the token holds an accepted entry in full, the least-privileged entry of several
     * permissions of which it holds some: the token's permissions that meet it, and what it lacks.
     */
    private Optional<PartlyHeld> partlyHeld(EndpointPermissions e) {
        if (partlyHeld == null) {
            partlyHeld = findPartlyHeld(e);
        }
        return partlyHeld;
    }

    private Optional<PartlyHeld> findPartlyHeld(EndpointPermissions e) {
        if (!granted(e).isEmpty()) {
            return Optional.empty();
        }
        for (String entry : e.accepted(scheme())) {
            if (!EndpointPermissions.together(entry)) {
                continue;
            }
            List<String> held = new ArrayList<>(2);
            for (String p : sheet.token.permissions()) {
                if (EndpointPermissions.meetsPart(entry, p)) {
                    held.add(p);
                }
            }
            if (!held.isEmpty()) {
                return Optional.of(new PartlyHeld(List.copyOf(held), EndpointPermissions.missingFrom(entry, sheet.token.permissions())));
            }
        }
        return Optional.empty();
    }

    /** Graph's naming: a delegated permission without .All or .Shared covers only the signed-in user's own data. */
    private static boolean reachesOthers(String entry) {
        for (String part : EndpointPermissions.parts(entry)) {
            String p = part.toLowerCase(Locale.ROOT);
            if (p.contains(".all") || p.endsWith(".shared")) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code shown} items, comma-separated, and how many more there are. */
    private static String firstOf(List<String> items, int shown) {
        String first = String.join(", ", items.subList(0, Math.min(shown, items.size())));
        return items.size() > shown ? first + " and " + (items.size() - shown) + " more" : first;
    }

    /** Accepted entries least first; "A and B, or C" once an entry needs several permissions together. */
    private static String orList(List<String> entries) {
        if (entries.isEmpty()) {
            return "(none of this kind)";
        }
        List<String> perms = new ArrayList<>(entries.size());
        String or = " or ";
        for (String entry : entries) {
            perms.add(EndpointPermissions.describe(entry));
            or = EndpointPermissions.together(entry) ? ", or " : or;
        }
        if (perms.size() <= 2) {
            return String.join(or, perms);
        }
        return perms.get(0) + or + perms.get(1) + " (or higher: " + String.join(", ", perms.subList(2, perms.size())) + ")";
    }

    private static String described(String entry) {
        return entry == null ? null : EndpointPermissions.describe(entry);
    }
}
