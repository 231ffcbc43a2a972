/**
 * {@code scripts/fuzz-api}: generated hostile requests against a running system, counting server
 * errors, jobs created from invalid input, and anything another project can read of the first.
 */
package dev.batch.tools.fuzz;
