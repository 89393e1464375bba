package io.bkm.alarm.sinks.common;

import io.bkm.alarm.common.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts that trust what a trust store holds, for the clients that are not Kafka's. */
public final class TrustStores {
    private TrustStores() {}

    /**
     * @param path empty: the JVM's default trust
     * @param type empty: by the file's extension ({@code .p12}/{@code .pfx}: PKCS12, else JKS)
     */
    public static SSLContext context(String path, String type, Secret password) throws IOException {
        try {
            if (path.isEmpty()) {
                return SSLContext.getDefault();
            }
            String t = type.isEmpty() ? typeOf(path) : type;
            KeyStore store = KeyStore.getInstance(t);
            try (InputStream in = Files.newInputStream(Path.of(path))) {
                store.load(in, password.isEmpty() ? null : password.reveal().toCharArray());
            }
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("trust store " + path + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static String typeOf(String path) {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        return p.endsWith(".p12") || p.endsWith(".pfx") ? "PKCS12" : "JKS";
    }
}
