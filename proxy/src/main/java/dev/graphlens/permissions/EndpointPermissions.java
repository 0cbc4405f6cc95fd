package dev.graphlens.permissions;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The permissions that allow one endpoint (method + path template), per scheme, least
 * privileged first. A scheme with no permissions is not supported by the endpoint.
 */
public record EndpointPermissions(String method, String template, Map<Scheme, List<String>> bySchemes,
                                  Set<String> adminConsent) {

    public EndpointPermissions {
        EnumMap<Scheme, List<String>> copy = new EnumMap<>(Scheme.class);
        bySchemes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        bySchemes = copy;
        adminConsent = Set.copyOf(adminConsent);
    }

    public List<String> accepted(Scheme scheme) {
        return bySchemes.getOrDefault(scheme, List.of());
    }

    public boolean supports(Scheme scheme) {
        return !accepted(scheme).isEmpty();
    }

    /** The least-privileged permission of a scheme, if the endpoint supports it. */
    public String least(Scheme scheme) {
        List<String> list = accepted(scheme);
        return list.isEmpty() ? null : list.get(0);
    }

    /** Whether any of {@code granted} (case-insensitive) is accepted for {@code scheme}. */
    public boolean accepts(Scheme scheme, Set<String> granted) {
        for (String p : accepted(scheme)) {
            for (String g : granted) {
                if (p.equalsIgnoreCase(g)) {
                    return true;
                }
            }
        }
        return false;
    }
}
