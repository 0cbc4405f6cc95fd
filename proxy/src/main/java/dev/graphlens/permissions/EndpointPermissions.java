package dev.graphlens.permissions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The permissions that allow one endpoint (method + path template), per scheme, least
 * privileged first. A scheme with no permissions is not supported by the endpoint.
 *
 * <p>An accepted entry is one permission, or several joined by {@code +} that are needed
 * together ("AppRoleAssignment.ReadWrite.All+Application.Read.All"), as the reference pages
 * write "A and B".
 */
public record EndpointPermissions(String method, String template, Map<Scheme, List<String>> bySchemes,
                                  Set<String> adminConsent) {

    public EndpointPermissions {
        EnumMap<Scheme, List<String>> copy = new EnumMap<>(Scheme.class);
        bySchemes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        bySchemes = copy;
        adminConsent = Set.copyOf(adminConsent);
    }

    /** The permissions an accepted entry needs together. */
    public static List<String> parts(String entry) {
        return entry.indexOf('+') < 0 ? List.of(entry) : List.of(entry.split("\\+"));
    }

    /** Whether the entry is several permissions needed together. */
    public static boolean together(String entry) {
        return entry.indexOf('+') >= 0;
    }

    /** An accepted entry as the reference pages write it: "A and B". */
    public static String describe(String entry) {
        return entry.replace("+", " and ");
    }

    /** Whether {@code granted} (case-insensitive) holds every permission of the entry. */
    public static boolean heldBy(String entry, Collection<String> granted) {
        List<String> parts = parts(entry);
        for (String part : parts) {
            if (!anyMeets(granted, part, parts.size() > 1)) {
                return false;
            }
        }
        return true;
    }

    /** The permissions of the entry that {@code granted} (case-insensitive) lacks. */
    public static List<String> missingFrom(String entry, Collection<String> granted) {
        List<String> parts = parts(entry);
        List<String> missing = new ArrayList<>(parts.size());
        for (String part : parts) {
            if (!anyMeets(granted, part, parts.size() > 1)) {
                missing.add(part);
            }
        }
        return List.copyOf(missing);
    }

    // Loops, not streams: asked for every accepted entry of every diagnosed exchange.
    private static boolean anyMeets(Collection<String> granted, String part, boolean inSet) {
        for (String g : granted) {
            if (meets(g, part, inSet)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a granted permission meets a part of the entry. */
    public static boolean meetsPart(String entry, String granted) {
        List<String> parts = parts(entry);
        return parts.stream().anyMatch(part -> meets(granted, part, parts.size() > 1));
    }

    /**
     * In an entry of several, X.ReadWrite.Y also meets a part X.Read.Y: the reference pages list
     * "A and B.Read.All" without spelling out every higher B, which Graph accepts as well.
     */
    private static boolean meets(String granted, String part, boolean inSet) {
        return granted.equalsIgnoreCase(part) || inSet && granted.equalsIgnoreCase(readWrite(part));
    }

    private static String readWrite(String permission) {
        int read = permission.indexOf(".Read.");
        return read >= 0 ? permission.substring(0, read) + ".ReadWrite." + permission.substring(read + 6)
                : permission.endsWith(".Read") ? permission + "Write" : permission;
    }

    public List<String> accepted(Scheme scheme) {
        return bySchemes.getOrDefault(scheme, List.of());
    }

    public boolean supports(Scheme scheme) {
        return !accepted(scheme).isEmpty();
    }

    /** The least-privileged entry of a scheme, if the endpoint supports it. */
    public String least(Scheme scheme) {
        List<String> list = accepted(scheme);
        return list.isEmpty() ? null : list.get(0);
    }

    /** Whether {@code granted} (case-insensitive) holds all of some accepted entry for {@code scheme}. */
    public boolean accepts(Scheme scheme, Collection<String> granted) {
        for (String entry : accepted(scheme)) {
            if (heldBy(entry, granted)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the entry holds a permission that, delegated, needs an admin's consent. */
    public boolean needsAdminConsent(String entry) {
        return parts(entry).stream().anyMatch(adminConsent::contains);
    }
}
