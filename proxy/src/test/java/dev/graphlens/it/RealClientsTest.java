package dev.graphlens.it;

import dev.graphlens.support.TestTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clients nobody on the team wrote, set up as their users would, see their own errors and GraphLens's header. */
class RealClientsTest {
    static ProxyHarness h;
    static SSLContext tls;
    static X509TrustManager trust;

    @BeforeAll
    static void start() throws Exception {
        h = new ProxyHarness(Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("graphlens", h.ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trust = (X509TrustManager) tmf.getTrustManagers()[0];
        tls = SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    @Test
    void graphJavaSdkSeesItsODataErrorAndTheDiagnosisHeader() {
        h.upstream.on("/v1.0/me/messages", FakeGraph.json(403,
                "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied. Check credentials and try again.\"}}"));
        h.upstream.on("/v1.0/me", FakeGraph.json(200, "{\"displayName\":\"Adele Vance\"}"));
        OkHttpClient http = GraphClientFactory.create()
                .proxy(new Proxy(Proxy.Type.HTTP, h.proxyAddress()))
                .sslSocketFactory(tls.getSocketFactory(), trust)
                .build();
        AccessTokenProvider tokens = new AccessTokenProvider() {
            @Override
            public String getAuthorizationToken(URI uri, Map<String, Object> context) {
                return TestTokens.graphDelegated("User.Read");
            }

            @Override
            public AllowedHostsValidator getAllowedHostsValidator() {
                return new AllowedHostsValidator("graph.microsoft.com");
            }
        };
        GraphServiceClient graph = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(tokens), http);

        assertEquals("Adele Vance", graph.me().get().getDisplayName(), "successes pass untouched");
        ApiException e = assertThrows(ApiException.class, () -> graph.me().messages().get());
        ODataError error = assertInstanceOf(ODataError.class, e);
        assertEquals("ErrorAccessDenied", error.getError().getCode());
        assertEquals(403, e.getResponseStatusCode());
        Set<String> diagnosis = e.getResponseHeaders().get("x-graph-diagnosis");
        assertTrue(diagnosis != null && diagnosis.iterator().next().startsWith("MISSING_PERMISSION; GET /me/messages needs Mail.ReadBasic"),
                "headers seen by the SDK: " + e.getResponseHeaders().keySet());
    }

    @Test
    void msal4jSeesItsServiceExceptionAndTheDiagnosisHeader() throws Exception {
        h.upstream.on("/contoso.onmicrosoft.com/oauth2/v2.0/token", FakeGraph.json(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided. Ensure the secret"
                        + " being sent in the request is the client secret value, not the client secret ID.\",\"error_codes\":[7000215]}"));
        ConfidentialClientApplication app = ConfidentialClientApplication.builder("1f9c0c6a-3b7e-4a4e-9f55-7d1d1c2f0a11",
                        ClientCredentialFactory.createFromSecret("not-the-secret-value"))
                .authority("https://login.microsoftonline.com/contoso.onmicrosoft.com/")
                .validateAuthority(false)
                .instanceDiscovery(false)
                .proxy(new Proxy(Proxy.Type.HTTP, h.proxyAddress()))
                .sslSocketFactory(tls.getSocketFactory())
                .build();
        ExecutionException e = assertThrows(ExecutionException.class, () -> app.acquireToken(
                ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default")).build()).get());
        MsalServiceException msal = assertInstanceOf(MsalServiceException.class, e.getCause());
        assertEquals("invalid_client", msal.errorCode());
        List<String> diagnosis = msal.headers().entrySet().stream()
                .filter(x -> x.getKey() != null && x.getKey().equalsIgnoreCase("X-Graph-Diagnosis"))
                .findFirst().map(Map.Entry::getValue).orElseThrow(() -> new AssertionError("headers: " + msal.headers().keySet()));
        assertTrue(diagnosis.get(0).startsWith("TOKEN_ENDPOINT_ERROR; AADSTS7000215"), diagnosis.get(0));
    }
}
