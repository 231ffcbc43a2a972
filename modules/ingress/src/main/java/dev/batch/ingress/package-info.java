/**
 * The HTTP API (LlamaCloud-compatible): route groups for files, directories, batch jobs, parse and
 * classifier results, standalone classify jobs, webhook secrets and deliveries, each taking only
 * the collaborators it uses; {@link dev.batch.ingress.ApiRole} composes them for the api role. The
 * API keeps no state of its own beyond recently accepted jobs, idempotency records and the records
 * of standalone classify jobs (in the blob store): it publishes events and reads the catalog and
 * the aggregator's stores.
 */
package dev.batch.ingress;
