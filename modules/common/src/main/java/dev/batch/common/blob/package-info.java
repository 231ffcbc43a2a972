/**
 * Where bytes live: the blob store (a folder or an S3-compatible bucket) with file contents by
 * hash, results, the per-project result cache and copies to a client's bucket.
 */
package dev.batch.common.blob;
