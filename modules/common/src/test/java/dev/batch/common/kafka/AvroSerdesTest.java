package dev.batch.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobEvent;
import dev.batch.events.JobItem;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import dev.batch.events.ProcessingResult;
import dev.batch.events.SkipReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdesTest {
    private static final List<Class<? extends SpecificRecord>> EVENTS = List.of(
            FileRecord.class,
            ItemResult.class,
            ItemTask.class,
            ItemsDispatched.class,
            JobEvent.class,
            JobItem.class,
            JobRequested.class,
            JobStatus.class);

    @Test
    void roundTripsAnEventWithSingleObjectEncoding() {
        Serde<ItemResult> serde = AvroSerdes.serde(ItemResult.class);
        ItemResult r = ItemResult.newBuilder()
                .setJobId("bjb-1")
                .setItemId("i")
                .setStatus(ItemState.skipped)
                .setSkipReason(SkipReason.already_processed)
                .setFinishedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
        byte[] bytes = serde.serializer().serialize("t", r);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(r);
    }

    @Test
    void refusesBytesThatAreNotOurEventsWithASerializationException() {
        Serde<JobRequested> serde = AvroSerdes.serde(JobRequested.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "garbage".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode JobRequested");
    }

    @Test
    void readsARecordWrittenWithAnOlderReleasedSchema() throws Exception {
        // An older producer that did not know correlation_id: its schema is registered under history.
        Schema current = JobRequested.getClassSchema();
        Schema older = SchemaWithout.field(current, "correlation_id");
        GenericRecord old = new GenericData.Record(older);
        old.put("job_id", "bjb-old");
        old.put("project_id", "p");
        old.put(
                "job_type",
                new GenericData.EnumSymbol(older.getField("job_type").schema(), "parse"));
        old.put("job_config_json", "{}");
        old.put("directory_id", null);
        old.put("item_ids", List.of("a"));
        old.put("page_size", 10);
        old.put("continue_as_new_threshold", null);
        old.put(
                "priority",
                new GenericData.EnumSymbol(older.getField("priority").schema(), "high"));
        old.put("requested_at", 1_700_000_000_000L);
        old.put("origin", new GenericData.EnumSymbol(older.getField("origin").schema(), "batch"));
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older)
                .encode(old)
                .array();

        AvroSerdes.serde(JobRequested.class); // installs the class allow-list, as every use in the services does
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(older);
        JobRequested decoded = JobRequested.createDecoder(store).decode(bytes);
        assertThat(decoded.getJobId()).isEqualTo("bjb-old");
        assertThat(decoded.getCorrelationId()).isNull();
        // and without the old schema registered, the same bytes are refused rather than misread
        assertThatThrownBy(() ->
                        AvroSerdes.serde(JobRequested.class).deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void readsRequestsTasksAndResultsWrittenBeforeTheyCarriedATypedConfig() {
        Schema requestV2 = AvroSerdes.SchemaHistory.of("JobRequested").get(1);
        GenericRecord request = new GenericData.Record(requestV2);
        request.put("job_id", "bjb-old");
        request.put("project_id", "p");
        request.put(
                "job_type",
                new GenericData.EnumSymbol(requestV2.getField("job_type").schema(), "parse"));
        request.put("job_config_json", "{\"parameters\": {\"max_pages\": 2}}");
        request.put("page_size", 10);
        request.put(
                "priority",
                new GenericData.EnumSymbol(requestV2.getField("priority").schema(), "medium"));
        request.put("requested_at", 1_700_000_000_000L);
        JobRequested decoded =
                AvroSerdes.serde(JobRequested.class).deserializer().deserialize("t", encode(requestV2, request));
        assertThat(decoded.getConfig()).isNull();
        assertThat(decoded.getJobConfigJson()).isEqualTo("{\"parameters\": {\"max_pages\": 2}}");
        assertThat(decoded.getOrigin())
                .as("a request from before origins is a batch job")
                .isEqualTo(JobOrigin.batch);

        Schema taskV1 = AvroSerdes.SchemaHistory.of("ItemTask").get(0);
        GenericRecord task = new GenericData.Record(taskV1);
        for (String f : List.of("job_id", "project_id", "item_id", "file_id", "job_config_json", "config_hash"))
            task.put(f, f);
        task.put(
                "job_type",
                new GenericData.EnumSymbol(taskV1.getField("job_type").schema(), "parse"));
        task.put(
                "priority",
                new GenericData.EnumSymbol(taskV1.getField("priority").schema(), "medium"));
        task.put("attempt", 1);
        task.put("dispatched_at", 1_700_000_000_000L);
        ItemTask decodedTask = AvroSerdes.serde(ItemTask.class).deserializer().deserialize("t", encode(taskV1, task));
        assertThat(decodedTask.getConfig()).isNull();
        assertThat(decodedTask.getConfigHash()).isEqualTo("config_hash");

        Schema resultV1 = AvroSerdes.SchemaHistory.of("ProcessingResult").get(0);
        GenericRecord result = new GenericData.Record(resultV1);
        for (String f : List.of(
                "result_id",
                "content_hash",
                "parameters_hash",
                "item_id",
                "file_id",
                "job_id",
                "project_id",
                "job_config_json",
                "output_location")) {
            result.put(f, f);
        }
        result.put(
                "job_type",
                new GenericData.EnumSymbol(resultV1.getField("job_type").schema(), "parse"));
        result.put("processed_at", 1_700_000_000_000L);
        ProcessingResult decodedResult =
                AvroSerdes.serde(ProcessingResult.class).deserializer().deserialize("t", encode(resultV1, result));
        assertThat(decodedResult.getExternalLocation()).isNull();
        assertThat(decodedResult.getOutputLocation()).isEqualTo("output_location");
    }

    private static byte[] encode(Schema schema, GenericRecord record) {
        try {
            return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema)
                    .encode(record)
                    .array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record type declared in schemas/*.avsc (enums and nested records are covered through them). */
    @SuppressWarnings("unchecked")
    static List<Class<? extends SpecificRecord>> declaredRecords() throws Exception {
        List<Class<? extends SpecificRecord>> out = new ArrayList<>();
        try (var files = Files.list(Path.of("../../schemas"))) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                JsonNode n = new ObjectMapper().readTree(p.toFile());
                if ("record".equals(n.path("type").asText())) {
                    out.add((Class<? extends SpecificRecord>) Class.forName(
                            n.get("namespace").asText() + "." + n.get("name").asText()));
                }
            }
        }
        return out;
    }

    @Test
    void everyEventSchemaIsReleasedInHistoryAndEveryEnumHasADefault() throws Exception {
        assertThat(declaredRecords()).containsAll(EVENTS);
        for (Class<? extends SpecificRecord> type : declaredRecords()) {
            Schema current = (Schema) type.getMethod("getClassSchema").invoke(null);
            List<Schema> history = AvroSerdes.SchemaHistory.of(type.getSimpleName());
            assertThat(history)
                    .as("schemas/history/%s.v1.avsc", type.getSimpleName())
                    .isNotEmpty();
            assertThat(SchemaNormalization.parsingFingerprint64(history.get(history.size() - 1)))
                    .as(
                            "%s changed: add schemas/history/%s.v%d.avsc (keep the old versions)",
                            type.getSimpleName(), type.getSimpleName(), history.size() + 1)
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
            assertEnumsHaveDefaults(current, new HashSet<>());
        }
    }

    private static void assertEnumsHaveDefaults(Schema s, Set<String> seen) {
        switch (s.getType()) {
            case ENUM ->
                assertThat(s.getEnumDefault())
                        .as("enum %s has a default symbol", s.getFullName())
                        .isNotNull();
            case RECORD -> {
                if (seen.add(s.getFullName())) s.getFields().forEach(f -> assertEnumsHaveDefaults(f.schema(), seen));
            }
            case UNION -> s.getTypes().forEach(t -> assertEnumsHaveDefaults(t, seen));
            case ARRAY -> assertEnumsHaveDefaults(s.getElementType(), seen);
            case MAP -> assertEnumsHaveDefaults(s.getValueType(), seen);
            default -> {}
        }
    }

    /** Builds the schema a producer would have had before a field was added. */
    static final class SchemaWithout {
        static Schema field(Schema record, String name) {
            List<Schema.Field> fields = record.getFields().stream()
                    .filter(f -> !f.name().equals(name))
                    .map(f -> new Schema.Field(f, f.schema()))
                    .toList();
            return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
        }
    }
}
