/**
 * The public HTTP API from the caller's side: {@link dev.batch.client.ApiPaths} declares every
 * path once, {@link dev.batch.client.BatchApiClient} sends requests to them. Used by batchctl, the
 * tests and the tools; depends on nothing of the server.
 */
package dev.batch.client;
