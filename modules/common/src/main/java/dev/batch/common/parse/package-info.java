/**
 * Parsing helpers shared by the API and the worker (page ranges).
 */
package dev.batch.common.parse;
