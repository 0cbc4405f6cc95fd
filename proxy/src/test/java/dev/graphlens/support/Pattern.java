package dev.graphlens.support;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Deterministic test data: byte i depends on i through a prime-length block, so misordered or
 * duplicated chunks change the digest.
 */
public final class Pattern {
    private static final int BLOCK = 65521;
    private static final byte[] DATA = new byte[BLOCK];

    static {
        java.util.Random random = new java.util.Random(42);
        random.nextBytes(DATA);
    }

    private Pattern() {
    }

    public static byte[] bytes(long offset, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = DATA[(int) ((offset + i) % BLOCK)];
        }
        return out;
    }

    public static String sha256(long size) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (long off = 0; off < size; off += 1 << 20) {
            d.update(bytes(off, (int) Math.min(1 << 20, size - off)));
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** An upload body of {@code size} pattern bytes, produced as it is read. */
    public static InputStream stream(long size) {
        return new InputStream() {
            private long pos;

            @Override
            public int read() {
                if (pos >= size) {
                    return -1;
                }
                return DATA[(int) (pos++ % BLOCK)] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) {
                    b[off + i] = DATA[(int) ((pos + i) % BLOCK)];
                }
                pos += n;
                return n;
            }
        };
    }
}
