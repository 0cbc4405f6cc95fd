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
        boolean inSet = together(entry);
        for (int from = 0; from < entry.length(); from = partEnd(entry, from) + 1) {
            if (!anyMeets(granted, entry, from, partEnd(entry, from), inSet)) {
                return false;
            }
        }
        return true;
    }

    /** The permissions of the entry that {@code granted} (case-insensitive) lacks. */
    public static List<String> missingFrom(String entry, Collection<String> granted) {
        List<String> missing = new ArrayList<>(2);
        boolean inSet = together(entry);
        for (int from = 0; from < entry.length(); from = partEnd(entry, from) + 1) {
            int to = partEnd(entry, from);
            if (!anyMeets(granted, entry, from, to, inSet)) {
                missing.add(entry.substring(from, to));
            }
        }
        return List.copyOf(missing);
    }

    /** Whether a granted permission meets a part of the entry. */
    public static boolean meetsPart(String entry, String granted) {
        boolean inSet = together(entry);
        for (int from = 0; from < entry.length(); from = partEnd(entry, from) + 1) {
            if (meets(granted, entry, from, partEnd(entry, from), inSet)) {
                return true;
            }
        }
        return false;
    }

    // Parts are compared in place, by index, with loops rather than streams: these run for every
    // accepted entry of every diagnosed exchange, and allocate nothing.
    private static int partEnd(String entry, int from) {
        int plus = entry.indexOf('+', from);
        return plus < 0 ? entry.length() : plus;
    }

    private static boolean anyMeets(Collection<String> granted, String entry, int from, int to, boolean inSet) {
        for (String g : granted) {
            if (meets(g, entry, from, to, inSet)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code granted} is the part {@code entry[from, to)}, ignoring case. In an entry of
     * several, X.ReadWrite.Y also meets a part X.Read.Y: the reference pages list
     * "A and B.Read.All" without spelling out every higher B, which Graph accepts as well.
     */
    private static boolean meets(String granted, String entry, int from, int to, boolean inSet) {
        int length = to - from;
        if (granted.length() == length && granted.regionMatches(true, 0, entry, from, length)) {
            return true;
        }
        if (!inSet || granted.length() != length + "Write".length()) {
            return false;
        }
        int read = entry.indexOf(".Read.", from);
        if (read >= 0 && read + ".Read.".length() <= to) {
            int head = read + ".Read".length() - from;
            return granted.regionMatches(true, 0, entry, from, head)
                    && granted.regionMatches(true, head, "Write", 0, "Write".length())
                    && granted.regionMatches(true, head + "Write".length(), entry, from + head, length - head);
        }
        return to - ".Read".length() >= from && entry.startsWith(".Read", to - ".Read".length())
                && granted.regionMatches(true, 0, entry, from, length)
                && granted.regionMatches(true, length, "Write", 0, "Write".length());
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
        for (String part : parts(entry)) {
            if (adminConsent.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
