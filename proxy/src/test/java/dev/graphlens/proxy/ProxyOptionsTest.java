package dev.graphlens.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.config.Settings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyOptionsTest {

    private static ProxyOptions with(Set<String> hosts) {
        return new ProxyOptions(new InetSocketAddress("127.0.0.1", 0), hosts, true, Set.of(443), Map.of(), Optional.empty(),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1024, 4096, 8192, true, Map.of());
    }

    @Test
    void shippedSettingsInterceptGraphEntraIdAndExternalIdLoginHostsOnly() throws Exception {
        ProxyOptions shipped = with(new HashSet<>(Settings.load(Path.of("config/graphlens.json")).interceptHosts()));
        assertTrue(shipped.intercepts("graph.microsoft.com"));
        assertTrue(shipped.intercepts("LOGIN.microsoftonline.com"));
        assertTrue(shipped.intercepts("contoso.ciamlogin.com"));
        assertTrue(shipped.intercepts("contosob2c.b2clogin.com"));
        assertFalse(shipped.intercepts("evilciamlogin.com"));
        assertFalse(shipped.intercepts("ciamlogin.com.example.net"));
        assertFalse(shipped.intercepts("example.com"));
    }

    @Test
    void aWildcardMatchesSubdomainsNotTheBareDomain() {
        ProxyOptions options = with(Set.of("*.example.com"));
        assertTrue(options.intercepts("a.example.com"));
        assertTrue(options.intercepts("a.b.example.com"));
        assertFalse(options.intercepts("example.com"));
        assertFalse(options.intercepts("notexample.com"));
    }
}
