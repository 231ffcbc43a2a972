package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.kafka.Trace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The services' logback.xml: BATCH_LOG_FORMAT picks readable lines or JSON, both with the job's ids from the MDC. */
class LogFormatTest {

    /** Configures a fresh logger context from the services' logback.xml with {@code format}; returns what one line printed. */
    private static String logOneLine(String format) throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        try {
            System.setOut(new PrintStream(
                    captured, true, StandardCharsets.UTF_8)); // the console appender binds System.out at start
            context.putProperty("BATCH_LOG_FORMAT", format);
            context.setMDCAdapter(MDC.getMDCAdapter()); // the MDC the services write through SLF4J
            JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(context);
            joran.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            try (Trace.Scope mdc = Trace.mdc("proj-9", "bjb-42", "dfl-7", "order-4711")) {
                context.getLogger("dev.batch.worker.TaskWorker").info("item {} failed", "dfl-7");
            }
        } finally {
            context.stop();
            System.setOut(before);
        }
        return captured.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void textLinesEndWithTheProjectAndJobIdsFromTheMdc() throws Exception {
        String line = logOneLine("TEXT");
        assertThat(line)
                .contains("INFO", "item dfl-7 failed")
                .contains("project_id=proj-9", "job_id=bjb-42", "item_id=dfl-7", "correlation_id=order-4711");
    }

    @Test
    void jsonLinesAreOneObjectEachWithTheMdc() throws Exception {
        JsonNode event = new ObjectMapper().readTree(logOneLine("JSON"));
        assertThat(event.path("level").asText()).isEqualTo("INFO");
        assertThat(event.path("loggerName").asText()).isEqualTo("dev.batch.worker.TaskWorker");
        assertThat(event.path("formattedMessage").asText()).isEqualTo("item dfl-7 failed");
        assertThat(event.path("mdc").path("project_id").asText()).isEqualTo("proj-9");
        assertThat(event.path("mdc").path("job_id").asText()).isEqualTo("bjb-42");
        assertThat(event.path("mdc").path("correlation_id").asText()).isEqualTo("order-4711");
    }
}
