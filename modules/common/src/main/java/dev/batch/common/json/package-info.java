/**
 * Canonical JSON of a job configuration and its hash (the {@code parameters_hash} results are
 * deduplicated by).
 */
package dev.batch.common.json;
