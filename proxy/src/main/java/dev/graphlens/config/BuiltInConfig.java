package dev.graphlens.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The default configuration the jar carries: the repository's config/ directory, copied in at build
 * time. It stands in for any settings or data file that is not on disk, so the jar (or an unpacked
 * distribution whose config/ was removed) runs from any directory.
 */
public final class BuiltInConfig {
    /** Where the build puts the copy (proxy/pom.xml, resources). */
    static final String ROOT = "/dev/graphlens/config/defaults/";

    private BuiltInConfig() {
    }

    /**
     * The built-in file of that name, as a path the loaders can read (inside the jar when run from
     * it). Only plain file names qualify: a name with a directory in it was meant for the disk.
     */
    public static Optional<Path> file(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
            return Optional.empty();
        }
        URL url = BuiltInConfig.class.getResource(ROOT + name);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                openJar(uri);
            }
            return Optional.of(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the jar's built-in config has a bad location: " + url, e);
        }
    }

    /** Path.of on a jar: URI needs the jar opened as a file system first; once is enough for the JVM. */
    private static synchronized void openJar(URI uri) {
        try {
            FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException notYet) {
            try {
                FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException opened) {
                // opened elsewhere in this JVM in between: it serves as well
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the jar's built-in config", e);
            }
        }
    }
}
