/**
 * The catalog of files, directories and directory files: a Kafka Streams view of the compacted
 * catalog topics that the API and the splitter read, per project.
 */
package dev.batch.common.catalog;
