/**
 * JMH micro-benchmarks of the hot steps (serdes, the aggregator's fold, the splitter's paging,
 * small parses); run with {@code scripts/bench-jmh}.
 */
package dev.batch.jmh;
