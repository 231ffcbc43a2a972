/**
 * The benchmarks behind {@code scripts/bench-*}: each starts the system (in this JVM, or as
 * processes from this class path), drives it through the public API and prints its figures, the
 * last line as {@code name=value} pairs.
 */
package dev.batch.tools.bench;
