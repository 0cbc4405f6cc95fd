package dev.graphlens.config;

/** A settings or data file is wrong; the message names the file, the entry and the fix. */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
