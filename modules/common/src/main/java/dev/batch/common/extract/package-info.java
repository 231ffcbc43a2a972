/**
 * What every service knows of extraction: the data schemas it takes ({@link
 * dev.batch.common.extract.SchemaCheck}), checked where a job enters and again where it runs.
 */
package dev.batch.common.extract;
