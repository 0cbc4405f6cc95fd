package dev.graphlens.token;

import java.util.Locale;

/** What resource a token's {@code aud} names. */
public enum Audience {
    GRAPH("Microsoft Graph"),
    AAD_GRAPH("Azure AD Graph (graph.windows.net, retired)"),
    OUTLOOK("Outlook / Exchange REST"),
    SHAREPOINT("SharePoint / OneDrive"),
    AZURE_MANAGEMENT("Azure Resource Manager"),
    KEY_VAULT("Azure Key Vault"),
    STORAGE("Azure Storage"),
    /** A client assertion for the token endpoint: an agent identity blueprint's exchange token, a federated credential. */
    TOKEN_EXCHANGE("token exchange (a client assertion for the token endpoint)"),
    CLIENT_ITSELF("the app's own client id"),
    OTHER_API("another API"),
    NONE("(no aud)");

    public static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    public static final String AAD_GRAPH_APP_ID = "00000002-0000-0000-c000-000000000000";
    private static final String TOKEN_EXCHANGE_APP_ID = "fb60f99c-7a34-4190-8149-302f77469936";
    private static final String HTTPS = "https://";
    private static final Cloud[] CLOUDS = Cloud.values();

    public final String label;

    Audience(String label) {
        this.label = label;
    }

    /** Classifies {@code aud}; {@code clientId} is the token's appid/azp (may be null). */
    public static Audience of(String aud, String clientId) {
        if (aud == null || aud.isBlank()) {
            return NONE;
        }
        String a = trimSlash(aud.toLowerCase(Locale.ROOT));
        if (a.equals(GRAPH_APP_ID) || cloudOfGraphUrl(a) != null) {
            return GRAPH;
        }
        if (a.equals(AAD_GRAPH_APP_ID) || a.contains("graph.windows.net") || a.contains("graph.chinacloudapi.cn")) {
            return AAD_GRAPH;
        }
        if (a.equals("00000002-0000-0ff1-ce00-000000000000") || a.contains("outlook.office") || a.contains("outlook.com")) {
            return OUTLOOK;
        }
        if (a.equals("00000003-0000-0ff1-ce00-000000000000") || a.contains("sharepoint.com") || a.contains("sharepoint-df.com")) {
            return SHAREPOINT;
        }
        if (a.contains("management.azure.com") || a.contains("management.core.windows.net")) {
            return AZURE_MANAGEMENT;
        }
        if (a.contains("vault.azure.net")) {
            return KEY_VAULT;
        }
        if (a.contains("storage.azure.com")) {
            return STORAGE;
        }
        if (a.equals("api://azureadtokenexchange") || a.equals(TOKEN_EXCHANGE_APP_ID)) {
            return TOKEN_EXCHANGE;
        }
        if (clientId != null && a.equalsIgnoreCase(clientId)) {
            return CLIENT_ITSELF;
        }
        return OTHER_API;
    }

    /** For a Graph URL audience, its cloud; null for a GUID audience (the same in every cloud) or a non-Graph URL. */
    public static Cloud cloudOfGraphUrl(String aud) {
        if (aud == null) {
            return null;
        }
        // Compared in place, ignoring case and one trailing slash: this runs several times per diagnosed exchange.
        int length = aud.endsWith("/") ? aud.length() - 1 : aud.length();
        if (!aud.regionMatches(true, 0, HTTPS, 0, HTTPS.length())) {
            return null;
        }
        for (Cloud c : CLOUDS) {
            if (isHost(aud, length, c.graphHost)) {
                return c;
            }
        }
        return isHost(aud, length, "canary.graph.microsoft.com") ? Cloud.GLOBAL : null;
    }

    private static boolean isHost(String aud, int length, String host) {
        return length == HTTPS.length() + host.length() && aud.regionMatches(true, HTTPS.length(), host, 0, host.length());
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
