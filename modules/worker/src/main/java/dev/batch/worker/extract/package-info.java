/**
 * Extraction: fields of a JSON Schema from a parsed document, offline, with citations and
 * confidences. Entry points: {@link dev.batch.worker.extract.Extractor} (a document and an
 * extract configuration to {@code extract_result} and {@code extract_metadata}),
 * {@link dev.batch.common.extract.SchemaCheck} (schema validation and normalisation),
 * {@link dev.batch.worker.extract.SchemaProposal} (a schema proposed from a document) and
 * {@link dev.batch.worker.extract.ExtractInput} (a file to an {@link dev.batch.worker.extract.ExtractDocument}).
 */
package dev.batch.worker.extract;
