package dev.graphlens.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.permissions.PathTemplates;
import dev.graphlens.token.Cloud;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Facts about what the client sent: method, host, path, and the few body fields a rule needs. */
final class RequestFactGroup {
    private static final Pattern SUBSCRIPTIONS_PATH = Pattern.compile("(?i)/(v1\\.0|beta)/subscriptions/?");
    private static final ObjectMapper JSON = new ObjectMapper();

    static void declare(FactSheet.Declarations<RequestFactGroup> d) {
        d.fact("request.method", "HTTP method", g -> g.request.method());
        d.fact("request.host", "host the client asked for", g -> g.request.host());
        d.fact("request.path", "path without query", g -> g.request.path());
        d.fact("request.query", "the query string, percent-decoded ($select=signInActivity ...); null when there is none",
                g -> g.request.query() == null ? null : PathTemplates.decode(g.request.query()));
        d.fact("request.tokenEndpoint", "true for the identity platform's token endpoints (/oauth2/token, /oauth2/v2.0/token, device code, MSA's oauth20_token.srf)",
                g -> g.request.toTokenEndpoint());
        d.fact("request.authorizeEndpoint", "true for the identity platform's sign-in (authorize) endpoints, whose errors come back in a redirect",
                g -> g.request.toAuthorizeEndpoint());
        d.fact("request.passwordChange", "true when a PATCH of a user sets passwordProfile (the body is read for this only)",
                g -> g.request.method().equals("PATCH") && g.request.body().length > 0
                        ? new String(g.request.body(), StandardCharsets.UTF_8).contains("\"passwordProfile\"") : null);
        d.fact("request.subscriptionResource", "the resource a change-notification subscription (POST /subscriptions) watches; the body is read for this field only",
                RequestFactGroup::subscriptionResource);
        d.fact("request.user", "the user a /users/{user} path addresses (a upn or an object id as sent); null when not a user path",
                g -> PathTemplates.addressedUser(g.sheet.path()));
        d.jwtFact("request.otherUser", "true when a /users/{user} path addresses someone other than the signed-in user (by oid or upn); null when not a user path or not known",
                (g, t) -> {
                    String user = (String) g.sheet.get("request.user");
                    Boolean self = user == null ? null : t.isSignedInUser(user);
                    return self == null ? null : !self;
                });
        d.fact("graph.cloud", "cloud of the Graph host called (global, US Government L4, ...)",
                g -> g.hostCloud() == null ? null : g.hostCloud().label);
    }

    private final FactSheet sheet;
    private final RequestFacts request;

    RequestFactGroup(FactSheet sheet) {
        this.sheet = sheet;
        this.request = sheet.request;
    }

    /** The cloud of the Graph host called; null for the identity platform and other hosts. */
    Cloud hostCloud() {
        return Cloud.ofGraphHost(request.host());
    }

    boolean tokenEndpoint() {
        return (Boolean) sheet.get("request.tokenEndpoint");
    }

    /** The resource a subscription request watches, read once through its fact. */
    String watchedResource() {
        return (String) sheet.get("request.subscriptionResource");
    }

    static boolean createsSubscription(RequestFacts request) {
        return request.method().equals("POST") && SUBSCRIPTIONS_PATH.matcher(request.path()).matches();
    }

    private String subscriptionResource() {
        if (request.body().length == 0 || !createsSubscription(request)) {
            return null;
        }
        try {
            String resource = JSON.readTree(request.body()).path("resource").asText("");
            resource = resource.startsWith("/") ? resource.substring(1) : resource;
            return resource.isBlank() ? null : resource;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
