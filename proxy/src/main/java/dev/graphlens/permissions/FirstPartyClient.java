package dev.graphlens.permissions;

/**
 * One of Microsoft's own apps developers call Graph with (Graph PowerShell, Graph Explorer, Azure
 * CLI): its registration is not the developer's to edit, so it gets permissions its own way.
 *
 * @param morePermissions how to get a permission the token lacks with this app
 */
public record FirstPartyClient(String appId, String name, String morePermissions) {
}
