package dev.batch.common.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one serde factory for event values: Avro single-object encoding (marker {@code C3 01}, the
 * writer schema's 64-bit fingerprint, then Avro binary), schemas compiled in. Every released
 * version of a schema (resources {@code schemas/history/<Name>.v<N>.avsc}) is registered with the
 * decoder, so records written by older producers stay readable. A registry-backed serde can
 * replace this class without touching any caller.
 */
public final class AvroSerdes {
    static final String EVENTS_PACKAGE = "dev.batch.events.";

    static {
        // Avro 1.12 refuses to instantiate classes it does not trust; trust our generated ones here
        // so that no JVM needs -Dorg.apache.avro.SERIALIZABLE_PACKAGES.
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(previous, c -> c.getName().startsWith(EVENTS_PACKAGE)));
    }

    /** Makes sure the generated event classes are trusted (this class's initialiser does it once). */
    public static void trustEvents() {}

    private static final Map<Class<?>, Serde<?>> SERDES = new ConcurrentHashMap<>();

    private AvroSerdes() {}

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        return (Serde<T>) SERDES.computeIfAbsent(type, t -> create(type));
    }

    private static <T extends SpecificRecord> Serde<T> create(Class<T> type) {
        BinaryMessageEncoder<T> encoder = invoke(type, "getEncoder");
        SchemaStore.Cache history = new SchemaStore.Cache();
        for (Schema old : SchemaHistory.of(type.getSimpleName())) {
            history.addSchema(old);
        }
        BinaryMessageDecoder<T> decoder = invoke(type, "createDecoder", history);
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) return null; // tombstone
            try {
                ByteBuffer buf = encoder.encode(value);
                byte[] out = new byte[buf.remaining()];
                buf.get(out);
                return out;
            } catch (IOException | RuntimeException e) {
                throw new SerializationException(
                        "cannot encode " + type.getSimpleName() + " for " + topic + ": " + e.getMessage(), e);
            }
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) return null;
            try {
                return decoder.decode(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException(
                        "cannot decode " + type.getSimpleName() + " from " + topic + ": " + e, e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    @SuppressWarnings("unchecked")
    private static <R> R invoke(Class<?> type, String method, Object... args) {
        try {
            Method m = args.length == 0 ? type.getMethod(method) : type.getMethod(method, SchemaStore.class);
            return (R) m.invoke(null, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " is not an Avro generated class", e);
        }
    }

    /** Released schema versions kept on the classpath. */
    static final class SchemaHistory {
        static List<Schema> of(String name) {
            List<Schema> out = new ArrayList<>();
            for (int v = 1; ; v++) {
                String path = "/schemas/history/" + name + ".v" + v + ".avsc";
                try (InputStream in = AvroSerdes.class.getResourceAsStream(path)) {
                    if (in == null) return out;
                    out.add(new Schema.Parser().parse(in));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + path, e);
                }
            }
        }
    }
}
