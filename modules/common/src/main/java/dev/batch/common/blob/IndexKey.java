package dev.batch.common.blob;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A key as the segment index holds it, without its name: the folder, 128 bits of the name's SHA-256 (which
 * stand for the name, as a content's SHA-256 stands for the content: no two names of a folder share them,
 * and nobody can make two that do), and the name's first 8 bytes, which let a listing by name prefix
 * skip the names that cannot match without reading them from the segments.
 */
record IndexKey(String folder, long high, long low, long head) {
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    });

    static IndexKey of(String key) {
        int slash = key.lastIndexOf('/');
        byte[] name = key.substring(slash + 1).getBytes(StandardCharsets.UTF_8);
        ByteBuffer digest = ByteBuffer.wrap(SHA_256.get().digest(name));
        return new IndexKey(slash < 0 ? "" : key.substring(0, slash), digest.getLong(), digest.getLong(), head(name));
    }

    static String folderOf(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** The first 8 bytes of {@code name} as a big-endian long, zeros past its end. */
    static long head(byte[] name) {
        long head = 0;
        for (int i = 0; i < Long.BYTES; i++) head = head << 8 | (i < name.length ? name[i] & 0xff : 0);
        return head;
    }

    /** The bits of a head that the first {@code length} bytes of a name fill. */
    static long headMask(int length) {
        return length >= Long.BYTES ? -1L : ~(-1L >>> (8 * length));
    }
}
