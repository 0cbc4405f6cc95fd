package dev.graphlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graphlens.config.ConfigException;
import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.permissions.DirectoryRoles;
import dev.graphlens.permissions.EndpointPermissions;
import dev.graphlens.permissions.PermissionCatalog;
import dev.graphlens.permissions.Scheme;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The permission catalog asked directly: what a request needs, per scheme, before any call fails. */
@Command(name = "permissions", mixinStandardHelpOptions = true,
        description = {"Which permissions a Graph request accepts, least privileged first, per permission type.",
                "Examples:",
                "  graphlens permissions GET https://graph.microsoft.com/v1.0/me/messages",
                "  graphlens permissions POST /v1.0/users/adele@contoso.com/sendMail --json"})
public final class PermissionsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "METHOD", description = "HTTP method (GET, POST, PATCH, PUT, DELETE).")
    String method;

    @Parameters(index = "1", paramLabel = "URL", description = "The request URL, or its path (/v1.0/...).")
    String url;

    @Option(names = "--json", description = "Print JSON instead of text (default: off).")
    boolean json;

    @Mixin
    CommonOptions.Config config;

    @Override
    public Integer call() throws IOException, ConfigException {
        Settings settings = config.load();
        PermissionCatalog catalog = Knowledge.permissions(settings);
        PrintStream out = System.out;
        String verb = method.toUpperCase(Locale.ROOT);
        Optional<PermissionCatalog.Match> match = catalog.lookup(verb, url);
        if (match.isEmpty()) {
            System.err.println("graphlens: " + verb + " " + url + " is not in the permission catalog; its reference page lists the"
                    + " permissions (https://learn.microsoft.com/graph/api/overview), and config/permissions.json can learn it.");
            List<EndpointPermissions> near = catalog.neighbours(verb, url);
            if (!near.isEmpty()) {
                System.err.println("Its nearest neighbours in the catalog, whose permissions it most likely shares:");
                near.stream().limit(5).forEach(n -> System.err.println("  " + n.method() + " " + n.template() + ": delegated "
                        + names(n, Scheme.DELEGATED_WORK) + "; application " + names(n, Scheme.APPLICATION)));
                if (near.size() > 5) {
                    System.err.println("  and " + (near.size() - 5) + " more");
                }
            }
            return 1;
        }
        EndpointPermissions e = match.get().endpoint();
        DirectoryRoles roles = Knowledge.roles(settings, catalog);
        Optional<DirectoryRoles.Requirement> userRoles = roles.requirement(e.method(), e.template());
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("endpoint", e.method() + " " + e.template());
            for (Scheme scheme : Scheme.values()) {
                o.put(scheme.microsoftName, e.accepted(scheme));
            }
            o.put("adminConsentDelegated", e.accepted(Scheme.DELEGATED_WORK).stream().filter(e::needsAdminConsent).toList());
            userRoles.ifPresent(r -> {
                o.put("signedInUserRoles", roles.names(r));
                o.put("signedInUserRolesOnlyForAnotherUser", r.otherUserOnly());
                o.put("signedInUserRolesUnless", r.unless());
            });
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
            return 0;
        }
        out.println(e.method() + " " + e.template());
        for (Scheme scheme : Scheme.values()) {
            out.printf("  %-28s %s%n", scheme.label + ":", describe(e, scheme));
        }
        userRoles.ifPresent(r -> out.printf("  %-28s %s%n", "signed-in user's role:", "one of "
                + String.join(", ", roles.names(r)) + " (or Global Administrator), in delegated calls"
                + (r.otherUserOnly() ? " on another user" : "") + (r.unless() != null ? "; except: " + r.unless() : "")));
        return 0;
    }

    private static String names(EndpointPermissions e, Scheme scheme) {
        List<String> accepted = e.accepted(scheme);
        return accepted.isEmpty() ? "none" : String.join(", ", accepted.stream().map(EndpointPermissions::describe).toList());
    }

    private static String describe(EndpointPermissions e, Scheme scheme) {
        List<String> accepted = e.accepted(scheme);
        if (accepted.isEmpty()) {
            return "not supported";
        }
        List<String> described = accepted.stream().map(EndpointPermissions::describe).toList();
        StringBuilder b = new StringBuilder(described.get(0)).append(" (least privileged)");
        if (described.size() > 1) {
            String or = accepted.stream().anyMatch(EndpointPermissions::together) ? ", or " : ", ";
            b.append(", or ").append(String.join(or, described.subList(1, described.size())));
        }
        if (scheme == Scheme.APPLICATION) {
            b.append("; admin consent always");
        } else if (scheme == Scheme.DELEGATED_WORK) {
            b.append(e.needsAdminConsent(accepted.get(0)) ? "; admin consent needed" : "; users can consent");
        }
        return b.toString();
    }
}
