/**
 * The client of an OpenAI-compatible chat-completions endpoint ({@code BATCH_LLM_URL}) that the
 * model classifier and the model extractor share: {@link dev.batch.worker.llm.ChatEndpoint}.
 */
package dev.batch.worker.llm;
