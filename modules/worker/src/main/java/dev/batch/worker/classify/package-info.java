/**
 * Document classification against a job's rules: the built-in {@link dev.batch.worker.classify.Classifier}
 * (a thesaurus of document concepts, term statistics and structural signals; no network), and
 * {@link dev.batch.worker.classify.LlmClassifier} for an OpenAI-compatible model endpoint, which
 * falls back to the built-in one.
 */
package dev.batch.worker.classify;
