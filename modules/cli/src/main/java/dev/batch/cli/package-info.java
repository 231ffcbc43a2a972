/**
 * {@code batchctl}, the command-line client: upload a folder, start a job over it, follow its
 * progress, fetch results.
 */
package dev.batch.cli;
