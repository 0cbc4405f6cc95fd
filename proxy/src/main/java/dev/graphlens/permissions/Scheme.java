package dev.graphlens.permissions;

/** The three ways a permission can be granted, named as in Microsoft's permissions data. */
public enum Scheme {
    DELEGATED_WORK("DelegatedWork", "delegated"),
    DELEGATED_PERSONAL("DelegatedPersonal", "delegated, personal account"),
    APPLICATION("Application", "application");

    public final String microsoftName;
    public final String label;

    Scheme(String microsoftName, String label) {
        this.microsoftName = microsoftName;
        this.label = label;
    }

    public static Scheme fromMicrosoftName(String name) {
        for (Scheme s : values()) {
            if (s.microsoftName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scheme \"" + name + "\" (expected DelegatedWork, DelegatedPersonal or Application)");
    }
}
