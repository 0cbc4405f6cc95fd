package dev.graphlens.token;

import java.util.Locale;

/** The Microsoft clouds, each with its own Graph and login hosts. */
public enum Cloud {
    GLOBAL("global", "graph.microsoft.com", "login.microsoftonline.com"),
    US_GOV("US Government L4", "graph.microsoft.us", "login.microsoftonline.us"),
    US_GOV_DOD("US Government L5 (DoD)", "dod-graph.microsoft.us", "login.microsoftonline.us"),
    CHINA("China (21Vianet)", "microsoftgraph.chinacloudapi.cn", "login.chinacloudapi.cn");

    public final String label;
    public final String graphHost;
    public final String loginHost;

    Cloud(String label, String graphHost, String loginHost) {
        this.label = label;
        this.graphHost = graphHost;
        this.loginHost = loginHost;
    }

    /** The cloud whose Graph is at {@code host}, or null for a host that is not a Graph host. */
    public static Cloud ofGraphHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (Cloud c : values()) {
            if (c.graphHost.equals(h)) {
                return c;
            }
        }
        return h.equals("canary.graph.microsoft.com") ? GLOBAL : null;
    }

    /** The cloud an issuer or authority URL belongs to, or null when it does not say. */
    public static Cloud ofIssuer(String issuer) {
        if (issuer == null) {
            return null;
        }
        String i = issuer.toLowerCase(Locale.ROOT);
        if (i.contains("chinacloudapi.cn") || i.contains("partner.microsoftonline.cn")) {
            return CHINA;
        }
        if (i.contains("microsoftonline.us")) {
            return US_GOV;
        }
        if (i.contains("login.microsoftonline.com")) {
            return GLOBAL;
        }
        // sts.windows.net (v1 issuer) is used by more than one cloud: it does not tell.
        return null;
    }

    /** True for the v1 issuer the global and US Government clouds share (sts.windows.net): not China's. */
    public static boolean isSharedV1Issuer(String issuer) {
        return issuer != null && issuer.toLowerCase(Locale.ROOT).startsWith("https://sts.windows.net/");
    }
}
