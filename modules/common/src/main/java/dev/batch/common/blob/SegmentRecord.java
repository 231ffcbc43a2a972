package dev.batch.common.blob;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * One record of a segment file: {@code [int body length][int CRC32C of the body]} then the body
 * {@code [long stamp][byte kind][short key length][key, UTF-8][value]}. A tombstone has no value.
 * The checksum is what makes a torn tail (a writer that died mid-record) recognisable: a reader stops
 * at the first record that is incomplete or does not match, and never reads past it.
 */
record SegmentRecord(long stamp, String key, byte[] value) {
    static final int HEADER = 8;
    /** Larger than any object the segments keep, small enough that a damaged length is recognised. */
    static final int MAX_BODY = 16 * 1024 * 1024;

    private static final byte PUT = 1;
    private static final byte TOMBSTONE = 2;
    private static final int BODY_FIXED = 8 + 1 + 2;

    static SegmentRecord tombstone(long stamp, String key) {
        return new SegmentRecord(stamp, key, null);
    }

    boolean isTombstone() {
        return value == null;
    }

    /** The whole record, header included, ready to write. */
    byte[] encode() {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int valueLength = value == null ? 0 : value.length;
        int body = BODY_FIXED + k.length + valueLength;
        ByteBuffer out = ByteBuffer.allocate(HEADER + body);
        out.putInt(body).putInt(0);
        out.putLong(stamp)
                .put(value == null ? TOMBSTONE : PUT)
                .putShort((short) k.length)
                .put(k);
        if (value != null) out.put(value);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), HEADER, body);
        out.putInt(4, (int) crc.getValue());
        return out.array();
    }

    /** The length of the record starting at {@code at} in {@code buf}, or -1 when it is not all there or damaged. */
    static int check(ByteBuffer buf, int at) {
        if (buf.limit() - at < HEADER) return -1;
        int body = buf.getInt(at);
        if (body < BODY_FIXED || body > MAX_BODY || buf.limit() - at - HEADER < body) return -1;
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(at + HEADER, body));
        if ((int) crc.getValue() != buf.getInt(at + 4)) return -1;
        int keyLength = Short.toUnsignedInt(buf.getShort(at + HEADER + 9));
        byte kind = buf.get(at + HEADER + 8);
        if (BODY_FIXED + keyLength > body || (kind != PUT && kind != TOMBSTONE)) return -1;
        return HEADER + body;
    }

    /** Bytes from a record's start that hold its key when the key is up to {@code keyLength} bytes. */
    static int keyEnd(int keyLength) {
        return HEADER + BODY_FIXED + keyLength;
    }

    /** The key of a record that {@link #check} accepted, when {@code buf} holds it (else null: read up to {@link #keyEnd} of its length). */
    static String key(ByteBuffer buf) {
        if (buf.limit() < keyEnd(0)) return null;
        int keyLength = Short.toUnsignedInt(buf.getShort(HEADER + 9));
        if (buf.limit() < keyEnd(keyLength)) return null;
        byte[] k = new byte[keyLength];
        buf.get(keyEnd(0), k);
        return new String(k, StandardCharsets.UTF_8);
    }

    /** Decodes a record that {@link #check} accepted; the value is copied only when asked for. */
    static SegmentRecord decode(ByteBuffer buf, int at, boolean withValue) {
        int body = buf.getInt(at);
        long stamp = buf.getLong(at + HEADER);
        boolean tombstone = buf.get(at + HEADER + 8) == TOMBSTONE;
        int keyLength = Short.toUnsignedInt(buf.getShort(at + HEADER + 9));
        int keyAt = at + HEADER + BODY_FIXED;
        byte[] k = new byte[keyLength];
        buf.get(keyAt, k);
        String key = new String(k, StandardCharsets.UTF_8);
        if (tombstone) return tombstone(stamp, key);
        byte[] v = new byte[withValue ? body - BODY_FIXED - keyLength : 0];
        if (withValue) buf.get(keyAt + keyLength, v);
        return new SegmentRecord(stamp, key, v);
    }
}
