package dev.graphlens.exchange;

import java.util.Optional;

/** The contract's diagnosis codes (CONTRACT.md, "Diagnosis codes"). */
public enum DiagnosisCode {
    TOKEN_MISSING,
    TOKEN_MALFORMED,
    TOKEN_EXPIRED,
    TOKEN_NOT_YET_VALID,
    WRONG_AUDIENCE,
    ID_TOKEN_USED,
    WRONG_CLOUD,
    PERSONAL_ACCOUNT_UNSUPPORTED,
    NO_PERMISSIONS_IN_TOKEN,
    MISSING_PERMISSION,
    DELEGATED_ONLY_API,
    APP_ONLY_PERMISSION_MISMATCH,
    CONSENT_REQUIRED,
    USER_NOT_PRIVILEGED,
    USER_NOT_LICENSED,
    CLAIMS_CHALLENGE,
    TOKEN_ENDPOINT_ERROR,
    THROTTLED,
    UPSTREAM_UNREACHABLE,
    NOT_AN_AUTH_ERROR,
    UNKNOWN_AUTH_ERROR;

    /** The code of this name, as a header or a recorded file wrote it; empty for any other text. */
    public static Optional<DiagnosisCode> named(String name) {
        try {
            return Optional.of(valueOf(name.trim()));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
