package dev.graphlens.diagnosis;

import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.permissions.DirectoryRoles;
import dev.graphlens.permissions.PermissionCatalog;
import dev.graphlens.token.TokenFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The named facts rules.json conditions test and its templates print, derived from the request,
 * the token, the error and the permission catalog. Each fact is declared by the group it is about
 * (the request, the token, the error body, the endpoint and catalog, directory roles, the token
 * endpoint); this sheet addresses them by name and derives each when first read: the rules that
 * decide an exchange read a fraction of them, and this runs on the event loop for every failed
 * exchange. A fact that does not apply (token claims of a non-JWT, endpoint facts of an unknown
 * endpoint) is null. Pure: same inputs, same facts.
 */
final class FactSheet extends AbstractMap<String, Object> {
    private record Definition(int slot, String meaning, Function<FactSheet, Object> derive) {
    }

    private static final Map<String, Definition> DEFINITIONS = new LinkedHashMap<>();
    private static final List<Definition> BY_SLOT = new ArrayList<>();
    /** Every fact a rule may name, with what it means (validated at load). */
    static final Map<String, String> KNOWN = new LinkedHashMap<>();
    /** The same facts under the label of their group, in the order "explain --facts" lists them. */
    static final Map<String, Map<String, String>> BY_GROUP = new LinkedHashMap<>();
    /** Marks a slot not derived yet (null is a derived value). */
    private static final Object UNSET = new Object();

    private static int groupCount;
    private static final Declarations<RequestFactGroup> REQUEST = new Declarations<>("request: what the client sent", RequestFactGroup::new);
    private static final Declarations<TokenFactGroup> TOKEN = new Declarations<>("token: what the bearer token says", TokenFactGroup::new);
    private static final Declarations<ErrorFactGroup> ERROR = new Declarations<>("error: what the service answered", ErrorFactGroup::new);
    private static final Declarations<EndpointFactGroup> ENDPOINT = new Declarations<>("endpoint: what the permission catalog says of the call", EndpointFactGroup::new);
    private static final Declarations<RoleFactGroup> ROLES = new Declarations<>("roles: directory roles of the user and the endpoint", RoleFactGroup::new);
    private static final Declarations<TokenEndpointFactGroup> TOKEN_ENDPOINT = new Declarations<>("token endpoint: token and sign-in requests, AADSTS and B2C errors", TokenEndpointFactGroup::new);

    static {
        RequestFactGroup.declare(REQUEST);
        TokenFactGroup.declare(TOKEN);
        ErrorFactGroup.declare(ERROR);
        EndpointFactGroup.declare(ENDPOINT);
        RoleFactGroup.declare(ROLES);
        TokenEndpointFactGroup.declare(TOKEN_ENDPOINT);
    }

    private static final int PATH_SLOT = slot("request.path");

    /** How a group declares its facts, each derived from that group's state for the exchange, made on first use. */
    static final class Declarations<G> {
        private final Map<String, String> declared = new LinkedHashMap<>();
        private final int index = groupCount++;
        private final Function<FactSheet, G> make;

        private Declarations(String label, Function<FactSheet, G> make) {
            this.make = make;
            BY_GROUP.put(label, Collections.unmodifiableMap(declared));
        }

        @SuppressWarnings("unchecked")
        private G group(FactSheet s) {
            Object g = s.groups[index];
            if (g == null) {
                g = make.apply(s);
                s.groups[index] = g;
            }
            return (G) g;
        }

        void fact(String name, String meaning, Function<G, Object> derive) {
            add(name, meaning, s -> derive.apply(group(s)));
        }

        /** A claim-based fact: null unless the token is a JWT. */
        void jwtFact(String name, String meaning, BiFunction<G, TokenFacts, Object> derive) {
            add(name, meaning, s -> s.token.isJwt() ? derive.apply(group(s), s.token) : null);
        }

        private void add(String name, String meaning, Function<FactSheet, Object> derive) {
            if (DEFINITIONS.containsKey(name)) {
                throw new IllegalStateException("fact " + name + " is declared twice");
            }
            Definition d = new Definition(DEFINITIONS.size(), meaning, derive);
            DEFINITIONS.put(name, d);
            BY_SLOT.add(d);
            KNOWN.put(name, meaning);
            declared.put(name, meaning);
        }
    }

    final RequestFacts request;
    final ResponseFacts response;
    final TokenFacts token;
    final ErrorFacts error;
    final AadstsCatalog aadsts;
    final PermissionCatalog catalog;
    final DirectoryRoles roles;
    final Instant now;
    final Duration skew;
    private final Object[] values = new Object[DEFINITIONS.size()];
    // The lower-cased text of the few facts rule regexes test, by slot: a short list searched in
    // order, not an array over every fact, as an exchange has rules test a handful of them.
    private int[] loweredSlots = new int[8];
    private String[] lowered = new String[8];
    private int loweredCount;
    // Each group's state for this exchange, by its declarations' index.
    private final Object[] groups = new Object[groupCount];

    private FactSheet(RequestFacts request, ResponseFacts response, TokenFacts token, ErrorFacts error, AadstsCatalog aadsts,
                      PermissionCatalog catalog, DirectoryRoles roles, Instant now, Duration skew) {
        this.request = request;
        this.response = response;
        this.token = token;
        this.error = error;
        this.aadsts = aadsts;
        this.catalog = catalog;
        this.roles = roles;
        this.now = now;
        this.skew = skew;
        Arrays.fill(values, UNSET);
    }

    static FactSheet of(RequestFacts request, ResponseFacts response, TokenFacts token, ErrorFacts error,
                        AadstsCatalog aadsts, PermissionCatalog catalog, DirectoryRoles roles, Instant now, Duration skew) {
        return new FactSheet(request, response, token, error, aadsts, catalog, roles, now, skew);
    }

    /** The slot of a fact's value, to read it by {@link #value(int)}; -1 for a name that is no fact. */
    static int slot(String name) {
        Definition d = DEFINITIONS.get(name);
        return d == null ? -1 : d.slot();
    }

    @Override
    public Object get(Object name) {
        Definition d = DEFINITIONS.get(name);
        return d == null ? null : value(d.slot());
    }

    /** The fact in {@code slot} as lower-case text, worked out once however many rule regexes test it. */
    String lowerCased(int slot) {
        for (int i = 0; i < loweredCount; i++) {
            if (loweredSlots[i] == slot) {
                return lowered[i];
            }
        }
        String lower = String.valueOf(value(slot)).toLowerCase(Locale.ROOT);
        if (loweredCount == lowered.length) {
            loweredSlots = Arrays.copyOf(loweredSlots, loweredCount * 2);
            lowered = Arrays.copyOf(lowered, loweredCount * 2);
        }
        loweredSlots[loweredCount] = slot;
        lowered[loweredCount++] = lower;
        return lower;
    }

    /** The fact in {@code slot}, derived on first read. */
    Object value(int slot) {
        Object v = values[slot];
        if (v == UNSET) {
            v = BY_SLOT.get(slot).derive().apply(this);
            values[slot] = v;
        }
        return v;
    }

    @Override
    public boolean containsKey(Object name) {
        return get(name) != null;
    }

    /** Every fact that applies, derived now (for display and tests; the rules read facts one by one). */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String name : DEFINITIONS.keySet()) {
            Object v = get(name);
            if (v != null) {
                all.put(name, v);
            }
        }
        return Collections.unmodifiableMap(all).entrySet();
    }

    /** The request's path without its query, cut once for the facts that read it. */
    String path() {
        return (String) value(PATH_SLOT);
    }

    RequestFactGroup requestGroup() {
        return REQUEST.group(this);
    }

    TokenFactGroup tokenGroup() {
        return TOKEN.group(this);
    }

    EndpointFactGroup endpointGroup() {
        return ENDPOINT.group(this);
    }
}
