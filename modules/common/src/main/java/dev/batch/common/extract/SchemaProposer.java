package dev.batch.common.extract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.events.FileRecord;
import java.io.IOException;

/**
 * A data schema proposed from a stored file ({@code POST /api/v2/extract/schema/generate}): the API
 * asks, the worker module reads the file as the extractor would and proposes its fields. The work is
 * bounded (file size, first pages, a time limit); a proposer with no free turn within a short wait
 * throws {@link dev.batch.common.query.NotAvailableException}.
 */
public interface SchemaProposer {
    Proposal propose(FileRecord file) throws IOException, InterruptedException;

    /** What a proposal came to. */
    sealed interface Proposal {
        /** A data schema (not yet normalised; it may have no properties when nothing was found). */
        record Schema(ObjectNode schema) implements Proposal {}

        /** The file could not be read; {@code reason} speaks of the document, never of the service. */
        record Failed(String reason) implements Proposal {}
    }
}
