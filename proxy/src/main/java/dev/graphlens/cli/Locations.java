package dev.graphlens.cli;

/**
 * Where GraphLens reads its config and keeps its CA and logs, as picocli default values (so each
 * command's --help shows the resolved paths). The launchers set the two properties:
 * ./graphlens in a checkout sets graphlens.home to the checkout, which then holds config/, certs/
 * and logs/ as the contract says; the distribution's bin/graphlens sets graphlens.home to the
 * unpacked directory (its config/) and graphlens.state to ~/.graphlens (one CA per user, trusted
 * once, whatever directory it runs from). A bare java -jar uses the working directory for both.
 */
final class Locations {
    /** The directory holding config/. */
    static final String HOME = "${sys:graphlens.home:-.}";
    /** The directory holding certs/ and logs/. */
    static final String STATE = "${sys:graphlens.state:-" + HOME + "}";

    static final String CONFIG_FILE = HOME + "/config/graphlens.json";
    static final String CERTS_DIR = STATE + "/certs";
    static final String LOG_FILE = STATE + "/logs/graphlens.jsonl";
    static final String HAR_FILE = STATE + "/logs/graphlens.har";
    static final String CALLS_LOG = STATE + "/logs/graphlens-calls.jsonl";

    private Locations() {
    }

    /** How the user started GraphLens, for the lines it prints to copy (./graphlens, bin/graphlens, graphlens on the PATH). */
    static String command() {
        return System.getProperty("graphlens.command", "graphlens");
    }
}
